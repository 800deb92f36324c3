#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# make-corpus.py - write the hostile-input corpus of tests/t-hostile.sh.
#
# Usage: make-corpus.py SCRATCH
#
# Writes, under the scratch directory SCRATCH (created if missing):
#   SCRATCH/archive/   the main archive: good control files and the hostile
#                      cases of tests/hostile/cases.tsv whose run is "main"
#   SCRATCH/caps/      the cases of the run with small caps (run "caps")
#   SCRATCH/items/     feeds and collections of 200 000 items (run "items",
#                      with --max-items 10)
#   SCRATCH/alone/     cases indexed one at a time with a time limit
#   SCRATCH/warc-src/  text files the test turns into caps/ingested.warc.gz
#   SCRATCH/outside/   a canary file the indexer must never read; XXE,
#                      XInclude and links in the archive point at it
# The case names, categories and what each one must give are in cases.tsv;
# each case's token is "hx" followed by its name without the dashes. A case
# that cannot be made here (mknod refused, chmod 000 under root) is printed
# on stdout as "na<TAB>NAME<TAB>why"; the test does not check it.
#
# Big files are written in chunks or sparsely, so the generator stays fast
# and small in memory. Output is deterministic (fixed seed).
import gzip
import os
import random
import stat
import sys
import zlib

RNG = random.Random(20241128)
NA = []


def tok(name):
    return "hx" + "".join(c for c in name.lower() if c.isalnum())


def put(path, data, mode="wb"):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(path, mode) as f:
        f.write(data)


def na(name, why):
    NA.append((name, why))


# ---- templates ------------------------------------------------------------

def nitf(title, body, head_extra="", doctype="", decl=True, enc=None,
         byline=""):
    d = '<?xml version="1.0"%s?>\n' % (' encoding="%s"' % enc if enc else "") \
        if decl else ""
    bl = "<byline>%s</byline>" % byline if byline else ""
    return (d + doctype +
            "<nitf><head><title>%s</title>%s</head>"
            "<body><body.head><hl1>%s</hl1>%s</body.head>"
            "<body.content><p>%s</p></body.content></body></nitf>\n"
            % (title, head_extra, title, bl, body))


def html(title, body, head_extra=""):
    return ("<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
            "<title>%s</title>%s</head><body><article><h1>%s</h1>"
            "<p>%s</p></article></body></html>\n"
            % (title, head_extra, title, body))


def text(title, body):
    return "%s\n\n%s\n" % (title, body)


def filler(n_words, seed_word="harbour"):
    words = ["council", "ferry", "market", "bridge", "rain", "weekly",
             "minister", "shipping", "grain", "river", "report", seed_word]
    return " ".join(RNG.choice(words) for _ in range(n_words))


def trec(docno, title, body):
    return ("<DOC>\n<DOCNO> %s </DOCNO>\n<HEADLINE>%s</HEADLINE>\n"
            "<TEXT>\n%s\n</TEXT>\n</DOC>\n" % (docno, title, body))


def rss_item(title, desc, i=0):
    return ("<item><title>%s</title><link>https://news.example/%d</link>"
            "<description>%s</description>"
            "<pubDate>Mon, 04 Nov 2024 09:00:00 GMT</pubDate></item>"
            % (title, i, desc))


def rss(items, doctype=""):
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + doctype +
            '<rss version="2.0"><channel><title>Hostile feed</title>'
            "<link>https://news.example/</link>" + "".join(items) +
            "</channel></rss>\n")


def atom(entries):
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<feed xmlns="http://www.w3.org/2005/Atom"><title>Feed</title>'
            "<id>urn:feed:hostile</id><updated>2024-11-04T09:00:00Z</updated>"
            + "".join(entries) + "</feed>\n")


def atom_entry(title, content, i=0):
    return ('<entry><title>%s</title><id>urn:entry:%d</id>'
            '<link href="https://news.example/a/%d"/>'
            "<updated>2024-11-04T09:00:00Z</updated>"
            '<content type="text">%s</content></entry>'
            % (title, i, i, content))


def mbox_msg(subject, body, extra=""):
    return ("From news@example Mon Nov  4 09:00:00 2024\n"
            "From: Desk <desk@news.example>\nSubject: %s\n"
            "Date: Mon, 04 Nov 2024 09:00:00 +0000\n"
            "Message-ID: <%s@news.example>\n%s\n%s\n\n"
            % (subject, zlib.crc32(subject.encode()), extra, body))


def newsml(headline, body, doctype=""):
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + doctype +
            '<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" '
            'guid="urn:newsml:hostile:1" version="1" standard="NewsML-G2">'
            "<contentMeta><contentCreated>2024-11-04T09:00:00Z"
            "</contentCreated><headline>%s</headline></contentMeta>"
            '<contentSet><inlineXML contenttype="application/xhtml+xml">'
            '<html xmlns="http://www.w3.org/1999/xhtml"><body><p>%s</p>'
            "</body></html></inlineXML></contentSet></newsItem>\n"
            % (headline, body))


def warc_record(rtype, uri, payload, extra=""):
    head = ("WARC/1.1\r\nWARC-Type: %s\r\nWARC-Record-ID: <urn:uuid:%08x-0000-"
            "4000-8000-000000000000>\r\nWARC-Date: 2024-11-05T00:00:00Z\r\n"
            "WARC-Target-URI: %s\r\nContent-Type: application/http; "
            "msgtype=response\r\n%sContent-Length: %d\r\n\r\n"
            % (rtype, RNG.getrandbits(32), uri, extra, len(payload)))
    return head.encode() + payload + b"\r\n\r\n"


def http_response(page):
    body = page.encode("utf-8")
    return (b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
            b"Content-Length: %d\r\n\r\n" % len(body)) + body


# ---- gzip helpers -----------------------------------------------------------

def gz(data):
    return gzip.compress(data if isinstance(data, bytes) else data.encode(),
                         mtime=0)


def gz_stream(path, chunk, count, level=9):
    """A gzip file of 'count' copies of 'chunk', written as it is made."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    z = zlib.compressobj(level, zlib.DEFLATED, 16 + 15)
    with open(path, "wb") as f:
        for _ in range(count):
            f.write(z.compress(chunk))
        f.write(z.flush())


# ---- the main archive -------------------------------------------------------

def controls(a):
    put(a + "/control/good.txt", text(
        "Control text article",
        "The %s article must survive its hostile neighbours."
        % tok("ctl-text")))
    put(a + "/control/good.html", html(
        "Control page", "The %s page survives." % tok("ctl-html")))
    put(a + "/control/good.txt.gz", gz(text(
        "Control gzip", "The %s article is compressed." % tok("ctl-gzip"))))
    put(a + "/control/good.xml", nitf(
        "Control NITF", "The %s story is well formed." % tok("ctl-nitf")))
    # a good file deep inside the bad ones' directories
    put(a + "/xml/zz-good.xml", nitf(
        "Neighbour story", "The %s story sits among XML attacks."
        % tok("ctl-xml-neighbour")))
    put(a + "/file/zz-good.txt", text(
        "Neighbour text", "The %s text sits among file attacks."
        % tok("ctl-file-neighbour")))


def xml_cases(a, canary):
    d = a + "/xml"
    put(d + "/xxe-file.xml", nitf(
        "External entity %s" % tok("xml-xxe-file"),
        "before &x; &p; after %s" % tok("xml-xxe-file"),
        doctype='<!DOCTYPE nitf [ <!ENTITY x SYSTEM "file://%s"> '
                '<!ENTITY p SYSTEM "file:///etc/passwd"> ]>\n' % canary))
    put(d + "/xxe-http.xml", nitf(
        "Network entity", "fetch &n; %s" % tok("xml-xxe-http"),
        doctype='<!DOCTYPE nitf [ <!ENTITY n SYSTEM '
                '"http://127.0.0.1:9/hostile.xml"> ]>\n'))
    put(d + "/param-entity.xml", nitf(
        "Parameter entity", "text %s" % tok("xml-param-entity"),
        doctype='<!DOCTYPE nitf [ <!ENTITY %% p SYSTEM "file://%s"> %%p; '
                '<!ENTITY %% q SYSTEM "file:///etc/passwd"> %%q; ]>\n'
                % canary))
    ents = '<!ENTITY a0 "lol">' + "".join(
        '<!ENTITY a%d "%s">' % (i, ("&a%d;" % (i - 1)) * 10)
        for i in range(1, 10))
    put(d + "/billion-laughs.xml", nitf(
        "Laughs %s" % tok("xml-billion-laughs"), "&a9; &a9; &a9;",
        doctype="<!DOCTYPE nitf [%s]>\n" % ents))
    # 1 GB if expanded; the subset stays under the 8 KiB detection sees
    put(d + "/quadratic.xml", nitf(
        "Quadratic %s" % tok("xml-quadratic"), "&q;" * 250000,
        doctype='<!DOCTYPE nitf [<!ENTITY q "%s">]>\n' % ("Q" * 4000)))
    put(d + "/big-subset.xml", nitf(
        "Big internal subset", "harmless 20 KB subset %s"
        % tok("xml-big-subset"), doctype="<!DOCTYPE nitf [%s]>\n" % "".join(
            '<!ENTITY e%d "entity number %d">' % (i, i) for i in range(600))))
    put(d + "/nul-byte.xml", nitf(
        "NUL byte", "before\0after %s" % tok("xml-nul-byte")))
    put(d + "/dtd-external.xml", nitf(
        "External DTD", "body %s" % tok("xml-dtd-external"),
        decl=True, doctype='<!DOCTYPE nitf SYSTEM "file:///etc/passwd">\n'))
    put(d + "/dtd-external-canary.xml", nitf(
        "External DTD canary", "body %s" % tok("xml-dtd-canary"),
        doctype='<!DOCTYPE nitf PUBLIC "-//X//Y" "file://%s">\n' % canary))
    put(d + "/xinclude.xml", nitf(
        "XInclude", 'a <xi:include xmlns:xi="http://www.w3.org/2001/XInclude" '
        'href="file://%s" parse="text"/> b %s'
        ' <xi:include xmlns:xi="http://www.w3.org/2001/XInclude" '
        'href="/etc/passwd" parse="text"/>' % (canary, tok("xml-xinclude"))))
    put(d + "/schema-location.xml",
        '<?xml version="1.0"?>\n<?xml-stylesheet href="file://%s"?>\n'
        '<nitf xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="urn:x file://%s"><head><title>Schema</title>'
        '</head><body><body.content><p>%s</p></body.content></body></nitf>\n'
        % (canary, canary, tok("xml-schema-location")))
    for name, n in (("deep-10k", 10000), ("deep-100k", 100000)):
        put(d + "/%s.xml" % name, nitf(
            "Deep %s" % tok("xml-" + name),
            "<x>" * n + "inner" + "</x>" * n))
    put(d + "/deep-unclosed.xml", nitf(
        "Deep unclosed %s" % tok("xml-deep-unclosed"), "<y>" * 200000))
    put(d + "/huge-attr.xml", nitf(
        "Huge attribute %s" % tok("xml-huge-attr"), "text",
        head_extra='<meta name="x" content="%s"/>' % ("A" * (12 << 20))))
    put(d + "/cdata-tricks.xml", nitf(
        "CDATA %s" % tok("xml-cdata-tricks"),
        "<![CDATA[ ]]]]><![CDATA[> <p>not a tag</p> ]]> ]]&gt; "
        "<![CDATA[]]> <![CDATA[<![CDATA[nested]]> after"))
    cases = {
        "unterminated-tag": '<?xml version="1.0"?><nitf><head><title>%s',
        "unterminated-comment": '<?xml version="1.0"?><nitf><head><title>'
                                '%s</title><!-- never closed',
        "unterminated-cdata": '<?xml version="1.0"?><nitf><head><title>'
                              '%s</title></head><body><![CDATA[ open',
        "unterminated-doctype": '<?xml version="1.0"?><!DOCTYPE nitf [ '
                                '<!ENTITY e "%s',
        "unterminated-attr": '<?xml version="1.0"?><nitf><head><title>%s'
                             '</title><meta name="never closed',
        "unterminated-pi": '<?xml version="1.0"?><nitf><head><title>%s'
                           '</title><?pi never closed',
        "unterminated-decl": '<?xml version="1.0" encoding="%s',
    }
    for name, t in cases.items():
        # the token goes first so that whatever survives can be found
        put(d + "/%s.xml" % name, t % tok("xml-" + name))
    put(d + "/bad-refs.xml", nitf(
        "Bad references %s" % tok("xml-bad-refs"),
        "&undefined; &#0; &#1; &#xD800; &#x110000; &#99999999999; &amp &#; "
        "&#x; &lt"))
    put(d + "/encoding-lie.xml", nitf(
        "Encoding lie", "says UTF-16, is ASCII %s" % tok("xml-encoding-lie"),
        enc="UTF-16"))
    put(d + "/encoding-unknown.xml", nitf(
        "Unknown encoding", "x-nonsense %s" % tok("xml-encoding-unknown"),
        enc="x-no-such-charset-\u00e9"))
    put(d + "/two-roots.xml", nitf("Two roots %s" % tok("xml-two-roots"), "a")
        + "<nitf><head><title>second</title></head></nitf>" * 1000)


def html_cases(a):
    d = a + "/html"
    put(d + "/deep-divs.html", "<html><head><title>Deep %s</title></head>"
        "<body>" % tok("html-deep-divs") + "<div>" * 100000 + "deep text"
        + "</div>" * 10 + "</body></html>")
    put(d + "/deep-tables.html", "<html><head><title>Tables %s</title>"
        "</head><body>" % tok("html-deep-tables")
        + "<table><tr><td>" * 20000 + "cell" + "</body></html>")
    put(d + "/huge-script.html", html(
        "Huge script", "After the script %s" % tok("html-huge-script"),
        head_extra="<script>var s = '" + "hxscriptnoisehtml " * 300000
        + "';</script>"))
    put(d + "/unclosed-script.html",
        "<html><head><title>Unclosed %s</title><script>"
        % tok("html-unclosed-script") + "x = 1;" * 100000)
    put(d + "/meta-charset-utf16.html", html(
        "Charset lie", "ASCII but says UTF-16 %s" % tok("html-charset-utf16"),
        head_extra='<meta http-equiv="Content-Type" '
                   'content="text/html; charset=utf-16">'))
    put(d + "/meta-charset-cp1252-is-utf8.html", html(
        "Caf\u00e9 lie", "UTF-8 bytes, says windows-1252 %s"
        % tok("html-charset-cp1252"),
        head_extra='<meta charset="windows-1252">'))
    put(d + "/meta-charset-bogus.html", html(
        "Bogus charset", "charset nonsense %s" % tok("html-charset-bogus"),
        head_extra='<meta charset="%s">' % ("z" * 300)))
    put(d + "/broken-tags.html",
        "<html><head><title>Broken %s</title></head><body <<<>>> <article>"
        "<p <b>> bold</b></i></div></div></span> <a href='x>link <p>"
        "text &#xFFFFFFFF; &nosuch; </ p> < /p> <!-- -- --> <!> <? ?>"
        "</body></html>" % tok("html-broken-tags"))
    put(d + "/long-line-10mb.html",
        "<html><head><title>Long line %s</title></head><body><article><p>"
        % tok("html-long-line") + "word " * (2 << 20) + "</p></article>"
        "</body></html>")
    put(d + "/nul-in-tags.html",
        b"<html><head><title>Nul tags </title></head><body><article><p>"
        b"before\x00<b\x00>x</b> " + tok("html-nul-in-tags").encode()
        + b" after</p></article></body></html>")
    put(d + "/unclosed-comment.html",
        "<html><head><title>Comment %s</title></head><body><p>visible</p>"
        "<!-- never closed " % tok("html-unclosed-comment") + "x" * 100000)


def gzip_cases(a):
    d = a + "/gzip"
    full = gz(text("Truncated story", ("%s words " % tok("gz-truncated"))
                   + filler(40000)))
    put(d + "/truncated.txt.gz", full[: len(full) // 2])
    put(d + "/truncated-header.txt.gz", full[:6])
    # ~300 MB of one byte inflates past the 256 MiB default cap
    gz_stream(d + "/bomb.txt.gz", b"A" * (1 << 20), 300)
    put(d + "/multi-member.txt.gz",
        gz(text("Two members", "first member %s" % tok("gz-multi-first")))
        + gz("\n\nsecond member %s\n" % tok("gz-multi-second")))
    put(d + "/gzip-of-gzip.txt.gz", gz(gz(text(
        "Twice compressed", "inner %s" % tok("gz-twice")))))
    put(d + "/not-gzip.txt.gz", text(
        "Not compressed", "plain text named .gz %s" % tok("gz-not-gzip")))
    put(d + "/magic-garbage.txt.gz",
        b"\x1f\x8b" + bytes(RNG.getrandbits(8) for _ in range(4000)))
    put(d + "/empty.txt.gz", b"")
    put(d + "/empty-member.txt.gz", gz(b""))
    good = bytearray(gz(text("CRC error", "flipped %s" % tok("gz-crc"))))
    good[-8] ^= 0xFF
    put(d + "/crc-error.txt.gz", bytes(good))
    good = bytearray(gz(text("ISIZE error", "length %s" % tok("gz-isize"))))
    good[-1] ^= 0x40
    put(d + "/isize-error.txt.gz", bytes(good))
    put(d + "/trailing-garbage.txt.gz",
        gz(text("Trailing", "junk after %s" % tok("gz-trailing-garbage")))
        + b"this is not gzip")
    put(d + "/trailing-zeros.txt.gz",
        gz(text("Padded", "zero padding %s" % tok("gz-trailing-zeros")))
        + b"\0" * 1024)
    put(d + "/many-members.txt.gz",
        gz(text("Many members", "first %s" % tok("gz-many-members")))
        + gz(b"") * 20000)


def enc_cases(a):
    d = a + "/enc"

    def t(name, title, body_bytes):
        put(d + "/" + name, title.encode() + b"\n\n" + body_bytes + b"\n")

    w = lambda n: (" " + tok(n) + " ").encode()
    t("invalid-utf8.txt", "Invalid UTF-8",
      b"lone \x80 \xbf cont, short \xc3 \xe2\x82 \xf0\x9f\x98 end,"
      b" bad lead \xf5\x80\x80\x80 \xf8\x88\x80\x80\x80"
      b" \xfc\x84\x80\x80\x80\x80"
      b" \xfe \xff" + w("enc-invalid-utf8") + b"\xc3\x28 \xa0\xa1")
    t("overlong.txt", "Overlong",
      b"\xc0\xaf \xc1\xbf \xe0\x80\xaf \xf0\x80\x80\xaf \xc0\x80"
      + w("enc-overlong"))
    t("surrogates.txt", "Surrogates",
      b"\xed\xa0\x80 \xed\xbf\xbf \xed\xa0\xbd\xed\xb8\x80"
      + w("enc-surrogates"))
    body = "UTF-16 text %s caf\u00e9 \U0001F600" % tok("enc-utf16le")
    put(d + "/utf16le.txt", b"\xff\xfe" + text("UTF-16LE", body)
        .encode("utf-16-le"))
    body = "UTF-16 text %s caf\u00e9" % tok("enc-utf16be")
    put(d + "/utf16be.txt", b"\xfe\xff" + text("UTF-16BE", body)
        .encode("utf-16-be"))
    put(d + "/utf16le-odd.txt", b"\xff\xfe" + text(
        "Odd", "odd length %s" % tok("enc-utf16-odd")).encode("utf-16-le")
        + b"\x41")
    put(d + "/utf16le-lone-surrogate.txt", b"\xff\xfe" + text(
        "Lone", "x %s" % tok("enc-utf16-surrogate")).encode("utf-16-le")
        + b"\x00\xd8\x41\x00")
    put(d + "/utf32le.txt", b"\xff\xfe\x00\x00" + text(
        "UTF-32LE", "wide %s" % tok("enc-utf32le")).encode("utf-32-le"))
    put(d + "/latin1-declared.xml", nitf(
        "Caf\u00e9 d\u00e9clar\u00e9", "Latin-1 na\u00efve %s"
        % tok("enc-latin1-declared"), enc="ISO-8859-1").encode("latin-1"))
    put(d + "/cp1252-undeclared.txt", text(
        "\u201cQuoted\u201d \u2014 dash", "Windows-1252 \u20ac5 caf\u00e9 %s"
        % tok("enc-cp1252")).encode("cp1252"))
    put(d + "/cp1252-undeclared.html", html(
        "\u201cQuoted\u201d page", "Windows-1252 \u2013 caf\u00e9 %s"
        % tok("enc-cp1252-html")).replace(' charset="utf-8"', "")
        .replace('<meta charset="utf-8">', "").encode("cp1252"))
    t("nul-bytes.txt", "Nul bytes", b"before\x00" + tok("enc-nul").encode()
      + b"\x00after \x00\x00\x00 end")
    ctl = bytes(c for c in range(32) if c not in (9, 10, 13, 12))
    t("c0-controls.txt", "Every C0 \x01 control",
      filler(300).encode() + b" " + ctl + b" " + tok("enc-c0").encode()
      + b" " + b"x\x1b[31mred\x1b[0m " + filler(100).encode())
    t("del-c1.txt", "DEL \x7f and C1 \xc2\x85 \xc2\x9b",
      b"del\x7fhere \xc2\x80\xc2\x8d\xc2\x9f raw c1 \x85 \x9b"
      + w("enc-del-c1"))
    t("noncharacters.txt", "Noncharacters",
      "\ufffe \uffff \ufdd0 \U0010FFFF \U0001FFFE".encode("utf-8",
                                                           "surrogatepass")
      + w("enc-noncharacters"))
    # two files concatenated: the second one's BOM starts a line
    t("bom-middle.txt", "BOM in the middle",
      b"end of the first file.\n\xef\xbb\xbf" + tok("enc-bom-middle").encode()
      + b" starts the second \xef\xbb\xbf\n\xef\xbb\xbf\xef\xbb\xbf")
    t("bidi-controls.txt", "Bidi \u202e override",
      "\u202e reversed \u200b zero width \u2028 line sep \u2029 "
      .encode() + w("enc-bidi"))
    put(d + "/utf16-html-bom.html", b"\xff\xfe" + html(
        "UTF-16 page", "wide page %s" % tok("enc-utf16-html"))
        .encode("utf-16-le"))
    put(d + "/title-only-controls.txt", b"\x01\x02\x03\n\n"
        + tok("enc-title-controls").encode() + b" body\n")


def file_cases(a, canary, out_dir):
    d = a + "/file"
    os.makedirs(d, exist_ok=True)
    put(d + "/empty.txt", b"")
    put(d + "/whitespace.txt", b" \n\t\r\n" * 100)
    p = d + "/over-read-cap.txt"
    with open(p, "wb") as f:
        f.write(text("Too big", "first bytes %s" % tok("file-over-read-cap"))
                .encode())
        f.truncate((64 << 20) + 1)  # sparse: 64 MiB + 1 byte
    with open(d + "/line-20mb.txt", "wb") as f:
        f.write(b"Twenty megabyte line\n\n" + tok("file-line-20mb").encode()
                + b" ")
        chunk = b"abc def ghi " * 87382  # ~1 MiB
        for _ in range(20):
            f.write(chunk)
        f.write(b"\n")
    for name in ("garbage.xml", "garbage.html", "garbage.txt", "garbage"):
        put(d + "/" + name, bytes(RNG.getrandbits(8) for _ in range(20000)))
    put(d + "/garbage-zeros.xml", b"\0" * 50000)
    put(d + "/elf-named.txt", b"\x7fELF\x02\x01\x01" + b"\0" * 9
        + bytes(RNG.getrandbits(8) for _ in range(8000)))
    os.symlink("loop-b.txt", d + "/loop-a.txt")
    os.symlink("loop-a.txt", d + "/loop-b.txt")
    os.symlink("/etc/passwd", d + "/link-passwd.txt")
    os.symlink(canary, d + "/link-canary.txt")
    os.symlink(out_dir, d + "/link-outside-dir")
    os.symlink("no-such-target.txt", d + "/link-dangling.txt")
    os.symlink("../control", d + "/link-inside-dir")
    os.mkfifo(d + "/fifo.xml")
    try:
        os.mknod(d + "/device.txt", 0o644 | stat.S_IFCHR, os.makedev(1, 3))
    except OSError as e:
        na("file-device", "mknod: %s" % e.strerror)
    p = d + "/unreadable.txt"
    put(p, text("Unreadable", "secret %s" % tok("file-unreadable")))
    os.chmod(p, 0)
    if os.geteuid() == 0:
        na("file-unreadable", "running as root: chmod 000 does not stop root")
    ud = d + "/unreadable-dir"
    put(ud + "/inside.txt", text("Inside", "x %s"
                                 % tok("file-unreadable-dir")))
    os.chmod(ud, 0)
    if os.geteuid() == 0:
        na("file-unreadable-dir",
           "running as root: chmod 000 does not stop root")
    put(d + "/name with  spaces.txt", text(
        "Spaces", "file name with spaces %s" % tok("file-name-spaces")))
    put(d + "/name\nwith-newline.txt", text(
        "Newline", "file name with a newline %s" % tok("file-name-newline")))
    put(d.encode() + b"/caf\xe9-latin1.txt", text(
        "Latin-1 name", "non-UTF-8 name %s" % tok("file-name-latin1")))
    put(d.encode() + b"/dir-\xff\xfe/inside.txt", text(
        "Latin-1 dir", "inside a non-UTF-8 dir %s" % tok("file-dir-nonutf8")))
    put(d + "/-rf.txt", text("Dash", "leading dash %s"
                             % tok("file-name-dash")))
    put(d + "/--help.txt", text("Option", "looks like an option %s"
                                % tok("file-name-option")))
    put(d + "/name\x01\x1b[31m.txt", text(
        "Escape", "name with escape codes %s" % tok("file-name-escape")))
    long_name = "L" * 251 + ".txt"
    put(d + "/" + long_name, text(
        "Long name", "255-byte name %s" % tok("file-name-255")))
    # a path of about 3800 bytes: 15 directories of 250 bytes
    lp = d + "/longpath"
    for i in range(15):
        lp += "/" + chr(ord("a") + i) * 250
    put(lp + "/story.txt", text("Long path", "deep path %s"
                                % tok("file-long-path")))
    dp = d + "/deep300"
    rel = []
    for i in range(300):
        rel.append("d%d" % i)
    os.makedirs(dp + "/" + "/".join(rel))
    put(dp + "/" + "/".join(rel) + "/bottom.txt", text(
        "Too deep", "300 levels %s" % tok("file-deep-300")))
    dp = d + "/deep200"
    os.makedirs(dp + "/" + "/".join(rel[:200]))
    put(dp + "/" + "/".join(rel[:200]) + "/bottom.txt", text(
        "Deep but allowed", "200 levels %s" % tok("file-deep-200")))
    put(d + "/.hidden.txt", text("Hidden", "dot file %s" % tok("file-hidden")))
    put(d + "/.git/config.txt", text("Git", "tool dir %s"
                                     % tok("file-dotdir")))
    put(d + "/photo.jpg", text("Photo", "not news %s" % tok("file-jpg")))
    put(d + "/story.TXT", text("Upper", "upper-case extension %s"
                               % tok("file-upper-ext")))
    put(d + "/noext", text("No extension", "content decides %s"
                           % tok("file-noext")))


def term_cases(a):
    d = a + "/term"
    url = "https://news.example/" + "u" * 10000
    put(d + "/og-url-10k.html", html(
        "Huge URL", "og:url of 10 000 bytes %s" % tok("term-url-10k"),
        head_extra='<meta property="og:url" content="%s">'
                   '<link rel="canonical" href="%s">' % (url, url)))
    put(d + "/word-300.txt", text(
        "Long word", "w" * 300 + " " + tok("term-word-300") + " "
        + "\u00e9" * 150))
    put(d + "/title-word-100k.txt", text(
        "T" * 100000, "huge title word %s" % tok("term-title-100k")))
    put(d + "/docid-10k.xml", nitf(
        "Huge doc-id", "doc-id of 10 000 bytes %s" % tok("term-docid-10k"),
        head_extra='<docdata><doc-id id-string="%s"/></docdata>'
                   '<pubdata name="%s" ex-ref="%s"/>'
        % ("D" * 10000, "S" * 10000, url)))
    put(d + "/byline-10k.xml", nitf(
        "Huge byline", "byline of 10 000 bytes %s" % tok("term-byline-10k"),
        byline="By " + "Name " * 2000))
    put(d + "/lang-huge.xml", nitf(
        "Huge lang", "lang attribute %s" % tok("term-lang-huge"))
        .replace("<nitf>", '<nitf lang="%s">' % ("e" * 5000)))
    put(d + "/docno-10k.sgml", trec("X" * 10000, "Long DOCNO",
                                    "doc %s" % tok("term-docno-10k")))
    put(d + "/entity-10k.txt", text(
        "Entity", "Mr " + " ".join(["Verylongname" * 30] * 3)
        + " said in " + "Q" * 4000 + " City. %s" % tok("term-entity-long")))


def format_cases(a, canary):
    d = a + "/format"
    # probes: one good file per format that is still being written; the test
    # tolerates the cases of a format whose probe is not indexed by it
    put(d + "/probe.rss", rss([rss_item("RSS probe", "story %s"
                                        % tok("probe-rss"))]))
    put(d + "/probe.atom", atom([atom_entry("Atom probe", "story %s"
                                            % tok("probe-atom"))]))
    put(d + "/probe.jsonl", '{"title": "JSONL probe", "text": "story %s", '
        '"date_publish": "2024-11-04"}\n' % tok("probe-jsonl"))
    put(d + "/probe.mbox", mbox_msg("Mbox probe", "story %s"
                                    % tok("probe-mbox")))
    put(d + "/probe.sgml", trec("PROBE-1", "TREC probe", "story %s"
                                % tok("probe-trec")))
    put(d + "/probe.warc", warc_record(
        "response", "https://news.example/probe", http_response(html(
            "WARC probe", "story %s" % tok("probe-warc")))))
    put(d + "/probe.newsml.xml", newsml("NewsML probe", "story %s"
                                        % tok("probe-newsml")))
    # RSS / Atom
    put(d + "/rss-xxe.rss", rss(
        [rss_item("XXE item", "&x; %s" % tok("fmt-rss-xxe"))],
        doctype='<!DOCTYPE rss [<!ENTITY x SYSTEM "file://%s">]>\n' % canary))
    put(d + "/rss-item-empty.rss", rss(
        [rss_item("", ""), rss_item("Good item", "after an empty one %s"
                                    % tok("fmt-rss-empty-item"), 1)]))
    put(d + "/rss-escaped-html.rss", rss([rss_item(
        "Escaped", "&lt;script&gt;hxscriptnoiserss&lt;/script&gt;&lt;p&gt;%s"
        "&lt;/p&gt;&lt;div&gt;" % tok("fmt-rss-escaped") * 1)]))
    put(d + "/rss-deep.rss", rss([rss_item(
        "Deep %s" % tok("fmt-rss-deep"), "<x>" * 50000 + "y")]))
    put(d + "/atom-bad-date.atom", atom([atom_entry(
        "Bad date", "when %s" % tok("fmt-atom-bad-date")).replace(
        "2024-11-04T09:00:00Z", "9999-99-99T99:99:99+99:99")]))
    # JSON Lines
    put(d + "/jsonl-broken.jsonl",
        '{"title": "First", "text": "first line %s"}\n'
        '{"title": "Broken", "text": "never closed\n'
        '[1, 2, 3]\n'
        '"just a string"\n'
        '{"title": 42, "text": ["not", "a", "string"]}\n'
        '{"title": "Last", "text": "after the bad lines %s"}\n'
        % (tok("fmt-jsonl-first"), tok("fmt-jsonl-last")))
    put(d + "/jsonl-deep.jsonl", "[" * 100000 + "\n"
        '{"title": "After deep", "text": "%s"}\n' % tok("fmt-jsonl-deep"))
    put(d + "/jsonl-escapes.jsonl",
        '{"title": "Escapes \\u0000 \\u0001 \\ud800 \\udfff", '
        '"text": "nul\\u0000in text \\u001b[31m %s \\uFFFE"}\n'
        % tok("fmt-jsonl-escapes"))
    put(d + "/jsonl-huge-string.jsonl",
        '{"title": "Huge string", "text": "%s %s"}\n'
        % (tok("fmt-jsonl-huge"), "z" * (6 << 20)))
    put(d + "/jsonl-invalid-utf8.jsonl", b'{"title": "Bad \xff\xfe bytes", '
        b'"text": "\xc0\xaf ' + tok("fmt-jsonl-utf8").encode() + b'"}\n')
    # mbox
    put(d + "/mbox-mime-deep.mbox", mbox_msg(
        "MIME deep %s" % tok("fmt-mbox-deep"), "".join(
            "--b%d\nContent-Type: multipart/mixed; boundary=\"b%d\"\n\n"
            % (i, i + 1) for i in range(5000)),
        extra='MIME-Version: 1.0\nContent-Type: multipart/mixed; '
              'boundary="b0"\n'))
    put(d + "/mbox-bad-encodings.mbox", mbox_msg(
        "=?UTF-8?B?!!!notbase64?= =?X-NONE?Q?zz?= %s" % tok("fmt-mbox-enc"),
        "=ZZ=\n=\n" + "A" * 100 + "===",
        extra="MIME-Version: 1.0\nContent-Type: text/plain; charset=x-bogus\n"
              "Content-Transfer-Encoding: quoted-printable\n"))
    put(d + "/mbox-huge-header.mbox",
        "From news@example Mon Nov  4 09:00:00 2024\nX-Long: "
        + "h" * (2 << 20) + "\nSubject: Huge header %s\n\nbody\n"
        % tok("fmt-mbox-header"))
    # TREC
    put(d + "/trec-unterminated.sgml", trec(
        "T-1", "First", "first %s" % tok("fmt-trec-first"))
        + "<DOC>\n<DOCNO> T-2 </DOCNO>\n<TEXT>\nnever closed")
    # WARC
    put(d + "/warc-length-lie.warc", warc_record(
        "response", "https://news.example/lie", http_response(html(
            "Length lie", "ok %s" % tok("fmt-warc-lie"))))
        + b"WARC/1.1\r\nWARC-Type: response\r\nContent-Length: "
          b"99999999999999999999\r\n\r\nshort")
    put(d + "/warc-truncated.warc.gz", gz(warc_record(
        "response", "https://news.example/t", http_response(html(
            "Truncated", "ok %s" % tok("fmt-warc-truncated")))))[:-30])
    # NewsML
    put(d + "/newsml-xxe.newsml.xml", newsml(
        "NewsML XXE", "&x; %s" % tok("fmt-newsml-xxe"),
        doctype='<!DOCTYPE newsItem [<!ENTITY x SYSTEM "file://%s">]>\n'
                % canary))


# ---- the archive with small caps -------------------------------------------
# Indexed with --max-file-bytes 1M --max-inflated-bytes 4M
# --max-article-bytes 64k --max-items 10 --max-depth 8.

def caps_cases(c):
    put(c + "/control.txt", text("Caps control", "small %s" % tok("ctl-caps")))
    put(c + "/file-2m.txt", text("Two megabytes", "%s " % tok("caps-file")
                                 + filler(350000)))
    gz_stream(c + "/inflate-8m.txt.gz", b"Eight megabytes\n\n"
              + b"x" * ((1 << 20) - 17), 8)
    put(c + "/article-200k.txt", text(
        "Long article", "%s " % tok("caps-article") + filler(30000)
        + " hxcapsarticletail"))
    rel = "/".join("d%d" % i for i in range(10))
    put(c + "/deep/" + rel + "/bottom.txt", text(
        "Ten deep", "x %s" % tok("caps-depth")))
    put(c + "/depth-ok/a/b/c/ok.txt", text("Shallow", "x %s"
                                           % tok("caps-depth-ok")))
    put(c + "/reuters-20.sgm", "".join(
        '<REUTERS NEWID="%d"><DATE>2-MAR-1987 09:12:00.00</DATE><TEXT>'
        "<TITLE>STORY %d</TITLE><BODY>Body %s %d.</BODY></TEXT></REUTERS>\n"
        % (i, i, tok("caps-reuters") if i == 1 else "filler", i)
        for i in range(1, 21)))
    put(c + "/items-50.rss", rss([rss_item(
        "Item %d" % i, tok("caps-rss") if i == 0 else "filler", i)
        for i in range(50)]))
    put(c + "/items-50.jsonl", "".join(
        '{"title": "Line %d", "text": "%s"}\n'
        % (i, tok("caps-jsonl") if i == 0 else "filler") for i in range(50)))
    put(c + "/items-50.sgml", "".join(
        trec("C-%d" % i, "Doc %d" % i, tok("caps-trec") if i == 0 else "x")
        for i in range(50)))
    put(c + "/items-50.mbox", "".join(
        mbox_msg("Message %d" % i, tok("caps-mbox") if i == 0 else "x")
        for i in range(50)))


# ---- 200 000 items per file, indexed with --max-items 10 only ---------------

def items_cases(d):
    n = 200000
    os.makedirs(d, exist_ok=True)

    def big(name, head, item, tail):
        with open(d + "/" + name, "w") as f:
            f.write(head)
            for i in range(n):
                f.write(item(i))
            f.write(tail)

    first = lambda name, i: tok(name) if i == 0 else "filler"
    big("items.rss", '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0"><channel><title>Big feed</title>',
        lambda i: rss_item("Item %d" % i, first("items-rss", i), i),
        "</channel></rss>\n")
    big("items.atom", '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>Big</title>'
        "<id>urn:big</id><updated>2024-11-04T09:00:00Z</updated>",
        lambda i: atom_entry("Entry %d" % i, first("items-atom", i), i),
        "</feed>\n")
    big("items.jsonl", "", lambda i: '{"title": "Line %d", "text": "%s"}\n'
        % (i, first("items-jsonl", i)), "")
    big("items.sgml", "", lambda i: trec("B-%d" % i, "Doc %d" % i,
                                         first("items-trec", i)), "")
    big("items.mbox", "", lambda i: mbox_msg("Message %d" % i,
                                             first("items-mbox", i)), "")
    big("items.sgm", "", lambda i: '<REUTERS NEWID="%d"><TEXT><TITLE>STORY '
        "%d</TITLE><BODY>%s</BODY></TEXT></REUTERS>\n"
        % (i + 1, i, first("items-reuters", i)), "")


def alone_cases(d):
    """Cases indexed one by one with a time limit: each is small, but a
    parser that is quadratic in it takes minutes."""
    put(d + "/many-attrs.xml", nitf(
        "Many attributes %s" % tok("xml-many-attrs"), "text",
        head_extra="<meta %s/>" % " ".join(
            "a%d=\"v\"" % i for i in range(100000))))
    put(d + "/many-attrs.html",
        "<html><head><title>Attrs %s</title></head><body><p %s>t</p>"
        "</body></html>" % (tok("html-many-attrs"), " ".join(
            'a%d="%d"' % (i, i) for i in range(100000))))


def warc_sources(d):
    """Twenty text files for the test to turn into a newsdex-ingest
    stream (caps/ingested.warc.gz): the first holds the token."""
    for i in range(20):
        put(d + "/s%02d.txt" % i, text(
            "Stream story %d" % i, "%s body" % (tok("caps-warc") if i == 0
                                                 else "filler")))


def main():
    if len(sys.argv) != 2 or sys.argv[1].startswith("-"):
        sys.exit("usage: make-corpus.py SCRATCH")
    s = os.path.abspath(sys.argv[1])
    a, c, o = s + "/archive", s + "/caps", s + "/outside"
    for p in (a, c, o, s + "/alone", s + "/items"):
        os.makedirs(p, exist_ok=True)
    canary = o + "/canary.txt"
    put(canary, "Outside text %s must never be read.\n" % tok("canary"))
    put(o + "/inside-linked-dir.txt", "Outside dir %s.\n" % tok("canary-dir"))
    controls(a)
    xml_cases(a, canary)
    html_cases(a)
    gzip_cases(a)
    enc_cases(a)
    file_cases(a, canary, o)
    term_cases(a)
    format_cases(a, canary)
    caps_cases(c)
    alone_cases(s + "/alone")
    items_cases(s + "/items")
    warc_sources(s + "/warc-src")
    for name, why in NA:
        print("na\t%s\t%s" % (name, why))


if __name__ == "__main__":
    main()
