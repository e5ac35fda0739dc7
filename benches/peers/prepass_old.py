# The pre-pass of the first compare.sh (issue 6), kept unchanged as the reference: its output is
# what every other pre-pass must reproduce, and its time shows what the old harness charged the
# peers. Slow because html.parser is pure Python (about 70% of its time).
import html.parser, json, sys, xml.etree.ElementTree as ET

class Text(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
    def handle_data(self, data):
        self.parts.append(data)

def text(markup):
    parser = Text()
    parser.feed(markup)
    parser.close()
    return " ".join(" ".join(parser.parts).split())

with open(sys.argv[2], "w") as out:
    for _, element in ET.iterparse(sys.argv[1]):
        if element.tag == "item":
            out.write(json.dumps({
                "guid": element.findtext("guid"),
                "link": element.findtext("link"),
                "published": element.findtext("pubDate"),
                "title": element.findtext("title"),
                "body": text(element.findtext("description") or ""),
            }) + "\n")
            element.clear()
