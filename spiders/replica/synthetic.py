"""Synthetic Indonesian press releases. All people, events and numbers are invented."""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

WEEKDAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
MONTHS = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]

# topic -> (category, title templates, lead, quotes, details)
TOPICS: dict[str, dict[str, list[str] | str]] = {
    "stunting": {
        "category": "Kesehatan",
        "titles": [
            "Pemprov {prov} Percepat Penurunan Stunting di {place}",
            "Posyandu {place} Jadi Garda Depan Cegah Stunting",
            "{office} Kesehatan Sasar {n} Balita Berisiko Stunting",
        ],
        "lead": "menggelar rapat koordinasi percepatan penurunan stunting bersama kader posyandu",
        "quotes": [
            "Penurunan stunting membutuhkan kerja bersama, mulai dari keluarga hingga "
            "pemerintah desa",
            "Kami ingin setiap balita mendapat asupan gizi yang cukup "
            "sejak seribu hari pertama kehidupan",
        ],
        "details": [
            "Sebanyak {n} balita tercatat mendapat pendampingan gizi dan pemantauan "
            "tumbuh kembang secara berkala.",
            "Program ini melibatkan {n} kader posyandu yang telah mengikuti pelatihan "
            "pengukuran antropometri.",
        ],
    },
    "inflasi": {
        "category": "Ekonomi",
        "titles": [
            "TPID {prov} Gelar Operasi Pasar Jaga Inflasi di {place}",
            "Harga Bahan Pokok di {place} Terpantau Stabil",
            "Pemprov {prov} Siapkan {n} Ton Beras untuk Pasar Murah",
        ],
        "lead": "menggelar operasi pasar murah untuk menjaga stabilitas harga bahan pokok",
        "quotes": [
            "Kami memastikan stok beras, minyak goreng dan gula tetap aman sehingga harga "
            "tidak bergejolak",
            "Pengendalian inflasi daerah menjadi perhatian utama kami bersama kabupaten dan kota",
        ],
        "details": [
            "Sebanyak {n} paket bahan pokok disediakan dengan harga di bawah harga pasar.",
            "Tim pengendali inflasi daerah memantau harga di {n} pasar tradisional setiap pekan.",
        ],
    },
    "banjir": {
        "category": "Bencana",
        "titles": [
            "Pemprov {prov} Salurkan Bantuan untuk Warga Terdampak Banjir di {place}",
            "BPBD Siagakan {n} Personel Hadapi Musim Hujan",
            "Tanggap Darurat Banjir {place} Diperpanjang",
        ],
        "lead": "menyalurkan bantuan logistik bagi warga terdampak banjir",
        "quotes": [
            "Keselamatan warga adalah prioritas, seluruh personel kami siagakan selama "
            "masa tanggap darurat",
            "Kami mengimbau masyarakat di bantaran sungai tetap "
            "waspada terhadap kenaikan debit air",
        ],
        "details": [
            "Banjir merendam {n} rumah warga di beberapa desa sejak awal pekan.",
            "Bantuan berupa beras, air bersih dan selimut disalurkan ke {n} titik pengungsian.",
        ],
    },
    "pilkada": {
        "category": "Pemerintahan",
        "titles": [
            "Pemprov {prov} Dukung Kelancaran Pilkada Serentak 2024",
            "Netralitas ASN Jelang Pilkada Jadi Perhatian Pemprov {prov}",
            "Desk Pilkada {prov} Pantau Kesiapan Logistik di {place}",
        ],
        "lead": "menggelar rapat koordinasi kesiapan Pilkada serentak 2024",
        "quotes": [
            "Kami mengajak seluruh masyarakat menggunakan hak pilihnya dan menjaga "
            "suasana tetap kondusif",
            "Aparatur sipil negara wajib menjaga netralitas selama tahapan Pilkada",
        ],
        "details": [
            "Sebanyak {n} tempat pemungutan suara disiapkan untuk pemungutan suara "
            "27 November 2024.",
            "Pemerintah daerah juga memfasilitasi {n} petugas keamanan dan ketertiban "
            "di setiap kecamatan.",
        ],
    },
    "infrastruktur": {
        "category": "Pembangunan",
        "titles": [
            "Perbaikan Jalan di {place} Ditargetkan Rampung Akhir Tahun",
            "Pemprov {prov} Bangun Jembatan Penghubung di {place}",
            "{office} PUPR Tinjau {n} Ruas Jalan Provinsi",
        ],
        "lead": "meninjau progres pembangunan infrastruktur jalan dan jembatan",
        "quotes": [
            "Infrastruktur yang baik akan mempercepat pergerakan ekonomi masyarakat",
            "Kami minta kontraktor bekerja tepat waktu dan menjaga kualitas pekerjaan",
        ],
        "details": [
            "Pekerjaan mencakup {n} kilometer ruas jalan yang menghubungkan pusat kecamatan.",
            "Anggaran pembangunan mencapai Rp{n} miliar dari APBD.",
        ],
    },
    "pendidikan": {
        "category": "Pendidikan",
        "titles": [
            "Pemprov {prov} Salurkan Beasiswa untuk {n} Pelajar",
            "Sekolah Rakyat Mulai Beroperasi di {place}",
            "Guru di {place} Ikuti Pelatihan Pembelajaran Digital",
        ],
        "lead": "menyerahkan bantuan pendidikan kepada pelajar berprestasi",
        "quotes": [
            "Pendidikan adalah kunci untuk menyiapkan generasi emas daerah kita",
            "Kami ingin tidak ada anak yang putus sekolah karena alasan biaya",
        ],
        "details": [
            "Bantuan diberikan kepada {n} pelajar dari keluarga kurang mampu.",
            "Pelatihan diikuti {n} guru dari sekolah menengah atas dan kejuruan.",
        ],
    },
}

SPEAKERS = [
    ("Kepala Dinas Kesehatan", "Rahmat Hidayat"),
    ("Sekretaris Daerah", "Siti Aisyah"),
    ("Kepala Biro Pemerintahan", "Muhammad Yusuf"),
    ("Kepala BPBD", "Dewi Lestari"),
    ("Kepala Dinas PUPR", "Ahmad Fauzi"),
    ("Asisten Perekonomian", "Nurul Hasanah"),
    ("Kepala Dinas Pendidikan", "Budi Santoso"),
    ("Staf Ahli Gubernur", "Lina Marlina"),
]
OFFICES = ["Dinas", "Pemprov", "Tim"]


@dataclass
class Profile:
    """What a site's releases are made of: its province, places and press unit."""

    key: str
    province: str
    zone: ZoneInfo
    places: list[str]
    unit: str | None = None
    writers: list[str] = field(default_factory=list)
    datelines: bool = True
    event_year: bool = True  # 'Senin (22/7/2024)' or, as beritajakarta writes, 'Kamis (6/2)'


@dataclass
class SyntheticRelease:
    source: str
    number: int
    slug: str
    title: str
    published_local: datetime
    paragraphs: list[str]
    category: str
    event_date: date | None
    dateline_place: str | None
    byline_unit: str | None = None
    writers: list[str] = field(default_factory=list)
    byline_inline: bool = True
    quote: str = ""
    editor: str | None = None

    @property
    def byline(self) -> str | None:
        """'MC Kalsel/Fuz' for press units; labelled 'Reporter : X | Editor : Y' otherwise."""
        if self.byline_unit:
            return f"{self.byline_unit}/{'/'.join(self.writers)}"
        labels = [f"Reporter : {w}" for w in self.writers]
        labels += [f"Editor : {self.editor}"] if self.editor else []
        return " | ".join(labels) or None

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)


def slugify(title: str) -> str:
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")


def _event_phrase(day: date, with_year: bool) -> str:
    year = f"/{day.year}" if with_year else ""
    return f"{WEEKDAYS[day.weekday()]} ({day.day}/{day.month}{year})"


def make_release(profile: Profile, rng: random.Random, number: int, day: date) -> SyntheticRelease:
    topic = TOPICS[rng.choice(sorted(TOPICS))]
    place = rng.choice(profile.places)
    role, name = rng.choice(SPEAKERS)
    n = rng.randint(12, 950)
    slots = {
        "prov": profile.province.replace("Kalimantan Selatan", "Kalsel"),
        "place": place,
        "n": n,
        "office": rng.choice(OFFICES),
    }
    title = rng.choice(topic["titles"]).format(**slots)
    published = datetime.combine(
        day, time(rng.randint(7, 20), rng.randint(0, 59)), tzinfo=profile.zone
    )
    event = day - timedelta(days=rng.choice([0, 0, 1, 2]))
    quote, closing = rng.sample(topic["quotes"], 2)
    lead = (
        f"Pemerintah Provinsi {profile.province} melalui {role} {topic['lead']} di {place}, "
        f"{_event_phrase(event, profile.event_year)}."
    )
    dateline = place if profile.datelines else None
    paragraphs = [
        f"{dateline.upper()} – {lead}" if dateline else lead,
        f"“{quote},” kata {role} {profile.province}, {name}, di hadapan peserta kegiatan.",
        f"{name.split()[0]} mengatakan, kegiatan ini merupakan tindak lanjut arahan Gubernur "
        f"agar program pemerintah dirasakan langsung oleh masyarakat di {place}.",
        rng.choice(topic["details"]).format(n=n),
        f"“{closing},” ujarnya.",
    ]
    writers = rng.sample(profile.writers, rng.choice([1, 1, 2])) if profile.writers else []
    return SyntheticRelease(
        source=profile.key,
        number=number,
        slug=slugify(title),
        title=title,
        published_local=published,
        paragraphs=paragraphs,
        category=str(topic["category"]),
        event_date=event,
        dateline_place=dateline,
        byline_unit=profile.unit,
        writers=writers,
        byline_inline=rng.random() < 0.5,
        quote=quote,
    )


def make_releases(
    profile: Profile, count: int, start: date, end: date, first_number: int
) -> list[SyntheticRelease]:
    """``count`` releases spread over [start, end], oldest first, numbered upwards."""
    rng = random.Random(f"siaran-replica:{profile.key}")
    span = (end - start).days
    days = sorted(start + timedelta(days=rng.randint(0, span)) for _ in range(count))
    numbers, number = [], first_number
    for _ in days:
        number += rng.randint(3, 9)  # other post types take ids in between, as in WordPress
        numbers.append(number)
    releases = [
        make_release(profile, rng, number, day) for number, day in zip(numbers, days, strict=True)
    ]
    # Titles repeat across templates; suffixing keeps permalinks unique, as WordPress does.
    seen: dict[str, int] = {}
    for release in releases:
        seen[release.slug] = seen.get(release.slug, 0) + 1
        if seen[release.slug] > 1:
            release.slug = f"{release.slug}-{seen[release.slug]}"
    return releases
