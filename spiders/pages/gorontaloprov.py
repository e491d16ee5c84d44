"""berita.gorontaloprov.go.id: WordPress laid out with Elementor.

Elementor's wrappers and element ids change whenever a template is edited, so nothing here
follows a path through them: title, dates and canonical URL come from Yoast's JSON-LD and
OpenGraph (the base chain), the body from the one stable hook, the widget type
``elementor-widget-theme-post-content``, whatever sections the post itself nests inside it.
"""

from __future__ import annotations

from siaran.spiders.pages.base import plain_text, text_of
from siaran.spiders.pages.wordpress import WordPressPage


class Page(WordPressPage):
    site_fields = ("body",)

    def paragraphs(self) -> list[str]:
        content = self.page.css(".elementor-widget-theme-post-content")
        if content:
            # Figure captions repeat the byline and are no paragraphs of the release.
            return [text_of(p) for p in content[0].css("p") if not p.xpath("ancestor::figure")]
        return super().paragraphs()

    def categories(self) -> list[str]:
        section = self.json_ld.get("articleSection")
        if isinstance(section, str):
            return [plain_text(section)]
        if isinstance(section, list) and section:
            return [plain_text(str(name)) for name in section]
        terms = self.page.css(".elementor-post-info__terms-list-item")
        return [text_of(a) for a in terms] or super().categories()
