"""Phone-friendliness of rendered pages: every table scrolls inside its own box."""

from html.parser import HTMLParser


class _Tables(HTMLParser):
    """Collects the id (or position) of each <table> not inside a `.table-responsive` element."""

    def __init__(self):
        super().__init__()
        self.stack: list[tuple[str, bool]] = []  # (tag, opens a responsive box)
        self.bare: list[str] = []
        self.count = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self.count += 1
            if not any(responsive for _tag, responsive in self.stack):
                self.bare.append(attrs.get("id") or f"table #{self.count}")
        if tag in {"br", "img", "input", "meta", "link", "hr", "col", "source", "wbr"}:
            return
        classes = (attrs.get("class") or "").split()
        self.stack.append((tag, "table-responsive" in classes))

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return


def tables_outside_responsive_boxes(html: str) -> tuple[int, list[str]]:
    """(number of tables, those not wrapped in `.table-responsive`)."""
    parser = _Tables()
    parser.feed(html)
    return parser.count, parser.bare
