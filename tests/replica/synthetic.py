"""Synthetic Indonesian press releases for the replica, with planted signals.

All people, events and numbers are invented. The panel is generated as a whole so that the
signals the statistics must recover hold across sources (see ``Signals``).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from siaran.spiders.registry.gazetteer import province_timezone, provinces, regencies, short_name
from siaran.spiders.release import slugify

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
PANEL_START, PANEL_END = date(2024, 6, 1), date(2024, 11, 30)
ELECTION_DAY = date(2024, 11, 27)  # Pilkada serentak 2024
# Capitals by official regency name, checked against the gazetteer by the tests.
CAPITALS = {
    "11": "Kota Banda Aceh",
    "12": "Kota Medan",
    "13": "Kota Padang",
    "14": "Kota Pekanbaru",
    "15": "Kota Jambi",
    "16": "Kota Palembang",
    "17": "Kota Bengkulu",
    "18": "Kota Bandar Lampung",
    "19": "Kota Pangkal Pinang",
    "21": "Kota Tanjung Pinang",
    "31": "Kota Administrasi Jakarta Pusat",
    "32": "Kota Bandung",
    "33": "Kota Semarang",
    "34": "Kota Yogyakarta",
    "35": "Kota Surabaya",
    "36": "Kota Serang",
    "51": "Kota Denpasar",
    "52": "Kota Mataram",
    "53": "Kota Kupang",
    "61": "Kota Pontianak",
    "62": "Kota Palangkaraya",
    "63": "Kota Banjarbaru",
    "64": "Kota Samarinda",
    "65": "Kabupaten Bulungan",
    "71": "Kota Manado",
    "72": "Kota Palu",
    "73": "Kota Makassar",
    "74": "Kota Kendari",
    "75": "Kota Gorontalo",
    "76": "Kabupaten Mamuju",
    "81": "Kota Ambon",
    "82": "Kota Tidore Kepulauan",
    "91": "Kota Jayapura",
    "92": "Kabupaten Manokwari",
    "93": "Kabupaten Merauke",
    "94": "Kabupaten Nabire",
    "95": "Kabupaten Jayawijaya",
    "96": "Kota Sorong",
}

# Topics: every topic but pilkada is worded so that no query for Pilkada can match it.
TOPICS: dict[str, dict] = {
    "stunting": {
        "category": "Kesehatan",
        "titles": [
            "Pemprov Percepat Penurunan Stunting di {place}",
            "Posyandu {place} Jadi Garda Depan Cegah Stunting",
            "Dinas Kesehatan Sasar {n} Balita Berisiko Stunting di {place}",
        ],
        "lead": "menggelar rapat koordinasi percepatan penurunan stunting bersama kader posyandu",
        "quotes": [
            "Penurunan stunting membutuhkan kerja bersama, mulai dari keluarga hingga "
            "pemerintah desa",
            "Kami ingin setiap balita mendapat asupan gizi yang cukup "
            "sejak seribu hari pertama kehidupan",
            "Data balita berisiko harus diperbarui setiap bulan agar intervensi tepat sasaran",
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
            "TPID Gelar Operasi Pasar Jaga Inflasi di {place}",
            "Harga Bahan Pokok di {place} Terpantau Stabil",
            "Pemprov Siapkan {n} Ton Beras untuk Pasar Murah di {place}",
        ],
        "lead": "menggelar operasi pasar murah untuk menjaga stabilitas harga bahan pokok",
        "quotes": [
            "Kami memastikan stok beras, minyak goreng dan gula tetap aman sehingga harga "
            "tidak bergejolak",
            "Pengendalian inflasi daerah menjadi perhatian utama kami bersama kabupaten dan kota",
            "Pasar murah ini kami gelar agar daya beli masyarakat tetap terjaga",
        ],
        "details": [
            "Sebanyak {n} paket bahan pokok disediakan dengan harga di bawah harga pasar.",
            "Tim pengendali inflasi daerah memantau harga di {n} pasar tradisional setiap pekan.",
        ],
    },
    "banjir": {
        "category": "Bencana",
        "titles": [
            "Bantuan Disalurkan untuk Warga Terdampak Banjir di {place}",
            "BPBD Siagakan {n} Personel Hadapi Musim Hujan di {place}",
            "Tanggap Darurat Banjir {place} Diperpanjang",
        ],
        "lead": "menyalurkan bantuan logistik bagi warga terdampak banjir",
        "quotes": [
            "Keselamatan warga adalah prioritas, seluruh personel kami siagakan selama "
            "masa tanggap darurat",
            "Kami mengimbau masyarakat di bantaran sungai tetap "
            "waspada terhadap kenaikan debit air",
            "Posko pengungsian kami buka selama air belum surut",
        ],
        "details": [
            "Banjir merendam {n} rumah warga di beberapa desa sejak awal pekan.",
            "Bantuan berupa beras, air bersih dan selimut disalurkan ke {n} titik pengungsian.",
        ],
    },
    "pilkada": {
        "category": "Pemerintahan",
        "titles": [
            "Pemprov Dukung Kelancaran Pilkada Serentak 2024 di {place}",
            "Netralitas ASN Jelang Pilkada Jadi Perhatian di {place}",
            "Desk Pilkada Pantau Kesiapan Logistik di {place}",
        ],
        "lead": "menggelar rapat koordinasi kesiapan Pilkada serentak 2024",
        "quotes": [
            "Kami mengajak seluruh masyarakat menggunakan hak pilihnya dan menjaga "
            "suasana tetap kondusif",
            "Aparatur sipil negara wajib menjaga netralitas selama tahapan Pilkada",
            "Logistik Pilkada harus tiba di tempat pemungutan suara tepat waktu",
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
            "Jembatan Penghubung di {place} Mulai Dibangun",
            "Dinas PUPR Tinjau {n} Ruas Jalan Provinsi di {place}",
        ],
        "lead": "meninjau progres pembangunan infrastruktur jalan dan jembatan",
        "quotes": [
            "Infrastruktur yang baik akan mempercepat pergerakan ekonomi masyarakat",
            "Kami minta kontraktor bekerja tepat waktu dan menjaga kualitas pekerjaan",
            "Jalan ini menjadi akses utama petani membawa hasil panen ke pasar",
        ],
        "details": [
            "Pekerjaan mencakup {n} kilometer ruas jalan yang menghubungkan pusat kecamatan.",
            "Anggaran pembangunan mencapai Rp{n} miliar dari APBD.",
        ],
    },
    "pendidikan": {
        "category": "Pendidikan",
        "titles": [
            "Beasiswa Disalurkan untuk {n} Pelajar di {place}",
            "Sekolah Rakyat Mulai Beroperasi di {place}",
            "Guru di {place} Ikuti Pelatihan Pembelajaran Digital",
        ],
        "lead": "menyerahkan bantuan pendidikan kepada pelajar berprestasi",
        "quotes": [
            "Pendidikan adalah kunci untuk menyiapkan generasi emas daerah kita",
            "Kami ingin tidak ada anak yang putus sekolah karena alasan biaya",
            "Guru harus terus belajar agar mampu mengikuti perkembangan teknologi",
        ],
        "details": [
            "Bantuan diberikan kepada {n} pelajar dari keluarga kurang mampu.",
            "Pelatihan diikuti {n} guru dari sekolah menengah atas dan kejuruan.",
        ],
    },
}
# Paragraphs of the work behind a release, topic-neutral (no topic's or Pilkada's words) and
# full of numbers and months, so that two releases share no more than real ones do and a
# repost with a paragraph trimmed stays close to its original.
COURSE = [
    "Kegiatan tahap {k} ini menjangkau {m} kecamatan dan melibatkan {r} petugas dari perangkat "
    "daerah terkait.",
    "Pelaksanaan di lapangan dipantau tim gabungan yang terdiri atas {r} personel dari {o} "
    "organisasi perangkat daerah.",
    "Hingga pekan ini, realisasi kegiatan telah mencapai {p} persen dari target yang ditetapkan "
    "pada awal tahun.",
    "Anggaran sebesar Rp{x} juta bersumber dari APBD dan dana transfer, dengan {p} persen "
    "terserap hingga akhir {month}.",
    "Evaluasi dilakukan setiap {d} hari dan hasilnya dilaporkan kepada sekretaris daerah paling "
    "lambat pertengahan {month}.",
    "Pemerintah provinsi juga menyiapkan {r} relawan cadangan yang dapat dikerahkan ke {m} "
    "lokasi tambahan bila diperlukan.",
    "Data penerima diverifikasi ulang bersama {o} kelurahan agar tidak terjadi penerima ganda "
    "pada tahap {k}.",
    "Koordinasi lintas sektor dilakukan melalui {o} rapat teknis yang dihadiri camat, lurah dan "
    "tokoh masyarakat setempat.",
    "Sebanyak {r} laporan warga yang masuk melalui kanal pengaduan telah ditindaklanjuti dalam "
    "{d} hari terakhir.",
    "Kegiatan serupa dijadwalkan berlanjut pada bulan {month} di {m} wilayah lain bersama "
    "pemerintah kabupaten dan kota.",
    "Sepanjang {month}, tim mencatat {r} kunjungan lapangan dan {o} kendala teknis yang "
    "seluruhnya telah diselesaikan.",
    "Pemerintah provinsi menargetkan {p} persen sasaran terlayani sebelum tutup anggaran, atau "
    "sekitar {x} orang penerima.",
]


def course_paragraphs(rng: random.Random, count: int) -> list[str]:
    """``count`` distinct paragraphs of ``COURSE`` with their numbers and months drawn."""
    return [
        template.format(
            k=rng.randint(1, 4),
            m=rng.randint(3, 24),
            r=rng.randint(15, 480),
            o=rng.randint(3, 19),
            p=rng.randint(35, 97),
            x=rng.randint(120, 9800),
            d=rng.choice([7, 10, 14, 30]),
            month=rng.choice(MONTHS),
        )
        for template in rng.sample(COURSE, count)
    ]


ROLES = [
    "Gubernur",
    "Wakil Gubernur",
    "Sekretaris Daerah",
    "Kepala Dinas Kesehatan",
    "Kepala Dinas Pekerjaan Umum dan Penataan Ruang",
    "Kepala Pelaksana BPBD",
    "Kepala Dinas Pendidikan",
    "Staf Ahli Bidang Kemasyarakatan dan SDM",
]
FIRST_NAMES = [
    "Rahmat",
    "Siti",
    "Muhammad",
    "Dewi",
    "Ahmad",
    "Nurul",
    "Budi",
    "Lina",
    "Hendra",
    "Yusuf",
    "Ratna",
    "Agus",
    "Fitri",
    "Iwan",
    "Sri",
    "Taufik",
    "Wulan",
    "Rizal",
]
LAST_NAMES = [
    "Hidayat",
    "Aisyah",
    "Yusuf",
    "Lestari",
    "Fauzi",
    "Hasanah",
    "Santoso",
    "Marlina",
    "Saputra",
    "Kurniawan",
    "Wahyuni",
    "Pratama",
    "Rahmawati",
    "Setiawan",
    "Nugroho",
    "Permata",
    "Syahputra",
    "Utami",
]
# Closing quotes without a name: the speaker is the last one named ('ujarnya').
PRONOUN_VERBS = ["ujarnya", "katanya", "tambahnya", "ungkapnya", "pungkasnya", "tuturnya"]
NAMED_VERBS = ["kata", "ujar", "ungkap", "tegas", "jelas"]


@dataclass(frozen=True)
class Speaker:
    role: str
    name: str


@dataclass(frozen=True)
class Quote:
    speaker: str
    role: str | None
    verb: str
    kind: str  # 'direct' or 'indirect'


@dataclass
class Profile:
    """How one site's releases are written: its province, press unit and house style."""

    key: str
    province_code: str | None
    unit: str | None = None  # trailing 'MC Kalsel/Fuz' bylines when set
    writers: list[str] = field(default_factory=list)
    editors: list[str] = field(default_factory=list)
    dateline: str = "upper"  # 'upper' (BANJARMASIN – ), 'title' (Padang - ), 'infopublik' or 'none'
    event_year: bool = True  # 'Senin (22/7/2024)' or 'Kamis (6/2)'
    count: int = 72
    first_number: int = 1000


@dataclass
class SyntheticRelease:
    source: str
    province_code: str | None
    number: int
    slug: str
    title: str
    published_local: datetime
    paragraphs: list[str]
    topic: str
    category: str
    event_date: date | None
    dateline_place: str | None
    places: list[str]  # regency names mentioned (official names)
    quotes: list[Quote]
    byline_unit: str | None = None
    writers: list[str] = field(default_factory=list)
    editor: str | None = None
    byline_inline: bool = True
    pull_quote: str = ""
    repost_of: SyntheticRelease | None = None
    labels: tuple[str, str] = ("Reporter", "Editor")  # InfoPublik: ('Penulis', 'Redaktur')

    @property
    def byline(self) -> str | None:
        """'MC Kalsel/Fuz' for press units with writers; 'Reporter : X | Editor : Y' otherwise."""
        if self.byline_unit and self.writers:
            return f"{self.byline_unit}/{'/'.join(self.writers)}"
        writer, editor = self.labels
        labels = [f"{writer} : {w}" for w in self.writers or filter(None, [self.byline_unit])]
        labels += [f"{editor} : {self.editor}"] if self.editor else []
        return " | ".join(labels) or None

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)

    @property
    def published_utc(self) -> datetime:
        return self.published_local.astimezone(ZoneInfo("UTC"))


@dataclass
class Signals:
    """What the replica plants, for the statistics to recover."""

    silent_source: str = "sumbarprov"
    silent_weeks: list[date] = field(
        default_factory=lambda: [date(2024, 9, 2), date(2024, 9, 9), date(2024, 9, 16)]
    )

    def pilkada_weight(self, day: date) -> float:
        """Share of Pilkada releases: rare until October, dominant in the month before the vote."""
        if day < date(2024, 10, 1):
            return 0.02
        if day < ELECTION_DAY - timedelta(days=31):
            return 0.12
        if day <= ELECTION_DAY:
            return 0.45
        return 0.10

    def silent(self, source: str, day: date) -> bool:
        monday = day - timedelta(days=day.weekday())
        return source == self.silent_source and monday in self.silent_weeks


def event_phrase(day: date, with_year: bool) -> str:
    year = f"/{day.year}" if with_year else ""
    return f"{WEEKDAYS[day.weekday()]} ({day.day}/{day.month}{year})"


def place_weights(province_code: str) -> tuple[list[str], list[float]]:
    """Regencies with a skew towards the capital (45% of mentions, the rest decaying
    geometrically); the last fifth of the other regencies is never mentioned."""
    capital = CAPITALS[province_code]
    others = sorted(n for n in regencies(province_code).values() if n != capital)
    mentioned = others[: max(1, len(others) - len(others) // 5)] if others else []
    decay = [0.8**i for i in range(len(mentioned))]
    rest = 0.55 if mentioned else 0.0
    return [capital, *mentioned], [1 - rest] + [rest * d / sum(decay) for d in decay]


def speakers(province_code: str) -> list[Speaker]:
    rng = random.Random(f"siaran-replica:speakers:{province_code}")
    return [
        Speaker(role, f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}") for role in ROLES[:5]
    ]


def _province_short(province_code: str) -> str:
    return provinces()[province_code].replace("Daerah Khusus Ibukota ", "DKI ")


def make_release(
    profile: Profile, rng: random.Random, signals: Signals, number: int, day: date
) -> SyntheticRelease:
    code = profile.province_code
    pilkada = rng.random() < signals.pilkada_weight(day)
    topic_name = "pilkada" if pilkada else rng.choice(sorted(set(TOPICS) - {"pilkada"}))
    topic = TOPICS[topic_name]
    names, weights = place_weights(code)
    regency = rng.choices(names, weights)[0]
    place = short_name(regency)
    first, second = rng.sample(speakers(code), 2)
    n = rng.randint(12, 950)
    title = rng.choice(topic["titles"]).format(place=place, n=n)
    zone = ZoneInfo(province_timezone(code))
    published = datetime.combine(day, time(rng.randint(7, 20), rng.randint(0, 59)), tzinfo=zone)
    event = day - timedelta(days=rng.choice([0, 0, 1, 2]))
    quote, closing = rng.sample(topic["quotes"], 2)
    province = _province_short(code)
    lead = (
        f"Pemerintah Provinsi {province} melalui {first.role} {topic['lead']} di {place}, "
        f"{event_phrase(event, profile.event_year)}."
    )
    dateline = {
        "upper": f"{place.upper()} – ",
        "title": f"{place} - ",
        "none": "",
        "infopublik": f"{place}, InfoPublik - ",
    }
    verb, pronoun = rng.choice(NAMED_VERBS), rng.choice(PRONOUN_VERBS)
    indirect = rng.choice(
        [f"{second.name} mengatakan, ", f"Menurut {second.role}, {second.name}, "]
    )
    paragraphs = [
        dateline[profile.dateline] + lead,
        f"“{quote},” {verb} {first.role} {province}, {first.name}, di hadapan peserta kegiatan.",
        f"{indirect}kegiatan ini merupakan tindak lanjut arahan pimpinan daerah agar program "
        f"pemerintah dirasakan langsung oleh masyarakat di {place}.",
        rng.choice(topic["details"]).format(n=n),
        *course_paragraphs(rng, 5),
        f"“{closing},” {pronoun}.",
    ]
    quotes = [
        Quote(first.name, first.role, verb, "direct"),
        Quote(
            second.name,
            second.role if indirect.startswith("Menurut") else None,
            "mengatakan" if "mengatakan" in indirect else "menurut",
            "indirect",
        ),
        Quote(second.name, None, pronoun, "direct"),
    ]
    writers = rng.sample(profile.writers, rng.choice([1, 1, 2])) if profile.writers else []
    if not profile.unit:
        writers = writers[:1]
    return SyntheticRelease(
        source=profile.key,
        province_code=code,
        number=number,
        slug=slugify(title),
        title=title,
        published_local=published,
        paragraphs=paragraphs,
        topic=topic_name,
        category=topic["category"],
        event_date=event,
        dateline_place=place if profile.dateline != "none" else None,
        places=[regency],
        quotes=quotes,
        byline_unit=profile.unit,
        writers=writers,
        editor=rng.choice(profile.editors) if profile.editors else None,
        byline_inline=rng.random() < 0.5,
        pull_quote=quote,
    )


def release_days(profile: Profile, rng: random.Random, signals: Signals) -> list[date]:
    span = (PANEL_END - PANEL_START).days
    days: list[date] = []
    while len(days) < profile.count:
        day = PANEL_START + timedelta(days=rng.randint(0, span))
        if not signals.silent(profile.key, day):
            days.append(day)
    return sorted(days)


def unique_slugs(releases: list[SyntheticRelease]) -> None:
    """Titles repeat across templates; suffixing keeps permalinks unique, as CMSs do."""
    used: set[str] = set()
    for release in releases:
        slug, number = release.slug, 1
        # Against every slug in use, suffixed ones too: a site that grows keeps its old links.
        while slug in used:
            number += 1
            slug = f"{release.slug}-{number}"
        release.slug = slug
        used.add(slug)


def make_releases(profile: Profile, signals: Signals | None = None) -> list[SyntheticRelease]:
    """The profile's releases over the panel, oldest first, with increasing numbers."""
    signals = signals or Signals()
    rng = random.Random(f"siaran-replica:{profile.key}")
    releases, number = [], profile.first_number
    for day in release_days(profile, rng, signals):
        number += rng.randint(3, 9)  # other content takes ids in between, as in most CMSs
        releases.append(make_release(profile, rng, signals, number, day))
    unique_slugs(releases)
    return releases


LATER_PER_DAY = 36  # a busy site's pace: 14 days of it make a replica of 20,000 releases


def later_releases(
    profile: Profile, earlier: list[SyntheticRelease], count: int, signals: Signals | None = None
) -> list[SyntheticRelease]:
    """The next ``count`` releases after the panel, ``LATER_PER_DAY`` a day: the site once it
    has published more, for incremental recrawls and larger replicas. The earlier releases stay
    as they are; up to 14 days' worth are published before the capture."""
    signals = signals or Signals()
    rng = random.Random(f"siaran-replica:{profile.key}:later")
    number = max((r.number for r in earlier), default=profile.first_number)
    later = []
    for offset in range(1, count + 1):
        number += rng.randint(3, 9)
        day = PANEL_END + timedelta(1 + (offset - 1) // LATER_PER_DAY)
        later.append(make_release(profile, rng, signals, number, day))
    unique_slugs([*earlier, *later])
    return later


# Media centers that are in no gazetteer: their releases must keep a null province.
UNKNOWN_MEDIA_CENTERS = ["MC Kab. Sukamakmur Raya", "MC Kota Tirtaharja"]
INFOPUBLIK_ZONE = ZoneInfo("Asia/Jakarta")


def repost(
    original: SyntheticRelease, rng: random.Random, number: int, unit: str
) -> SyntheticRelease:
    """InfoPublik's copy of a provincial release: its own dateline, one paragraph trimmed."""
    lead = original.paragraphs[0].split(" – ", 1)[-1].split(" - ", 1)[-1]
    paragraphs = [f"{original.dateline_place}, InfoPublik - {lead}", *original.paragraphs[1:]]
    del paragraphs[-2]
    published = original.published_local + timedelta(days=1, hours=rng.randint(-6, 6))
    return SyntheticRelease(
        source="infopublik",
        province_code=original.province_code,
        number=number,
        slug=original.slug,
        title=original.title,
        published_local=published.astimezone(INFOPUBLIK_ZONE),
        paragraphs=paragraphs,
        topic=original.topic,
        category="Nusantara",
        event_date=original.event_date,
        dateline_place=original.dateline_place,
        places=original.places,
        quotes=original.quotes,
        byline_unit=unit,
        writers=[],
        repost_of=original,
        labels=("Penulis", "Redaktur"),
    )


def make_infopublik(
    profile: Profile, panel: dict[str, list[SyntheticRelease]], signals: Signals | None = None
) -> list[SyntheticRelease]:
    """Reposts of provincial releases plus releases of regency media centers, some unknown."""
    signals = signals or Signals()
    rng = random.Random("siaran-replica:infopublik")
    with_dateline = [r for key in sorted(panel) for r in panel[key] if r.dateline_place]
    releases = []
    for original in rng.sample(with_dateline, min(40, len(with_dateline))):
        unit = f"MC Provinsi {_province_short(original.province_code)}"
        releases.append(repost(original, rng, 0, unit))
    codes = sorted(CAPITALS)
    for i in range(profile.count):
        code = rng.choice(codes)
        regency = rng.choice(sorted(regencies(code).values()))
        own = Profile(
            "infopublik",
            code,
            dateline="infopublik",
            writers=profile.writers,
            event_year=profile.event_year,
        )
        release = make_release(
            own,
            rng,
            signals,
            0,
            PANEL_START + timedelta(days=rng.randint(0, (PANEL_END - PANEL_START).days)),
        )
        kind = "Kota" if regency.startswith("Kota") else "Kab."
        release.byline_unit = f"MC {kind} {short_name(regency)}"
        if i % 3 == 0:
            release.byline_unit = release.byline_unit.upper()  # as InfoPublik often prints it
        if i < len(UNKNOWN_MEDIA_CENTERS):
            release.byline_unit, release.province_code = UNKNOWN_MEDIA_CENTERS[i], None
        release.writers, release.labels = [], ("Penulis", "Redaktur")
        release.published_local = release.published_local.astimezone(INFOPUBLIK_ZONE)
        release.category = "Nusantara"
        releases.append(release)
    releases.sort(key=lambda r: r.published_local)
    number = profile.first_number
    for release in releases:
        number += rng.randint(3, 9)
        release.number = number
        release.editor = rng.choice(profile.editors) if profile.editors else None
    unique_slugs(releases)
    return releases
