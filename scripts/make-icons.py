#!/usr/bin/env python3
"""Draws the app's icon: public/icons/favicon.svg and the PNGs the web app manifest names
(public/manifest.webmanifest; docs/features/installability.md).

The icon is a few flat shapes (two speech bubbles on the app's blue), described once below and
written both as SVG and, rasterised here, as PNG. Only the standard library: the PNGs are
encoded with zlib and struct. Run from the repository root after changing the drawing:

    python3 scripts/make-icons.py
"""

import struct
import zlib
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "public" / "icons"

# The app's colours (style/main.css: --accent, and white; amber for the reply).
BLUE = (0x24, 0x56, 0xD6)
WHITE = (0xFF, 0xFF, 0xFF)
AMBER = (0xFF, 0xC8, 0x3D)
INK = (0x1C, 0x1F, 0x24)

# The drawing on a 512 x 512 canvas, bottom to top: ("rect", x, y, w, h, radius, colour) or
# ("poly", [(x, y), ...], colour).
BUBBLES = [
    ("rect", 80, 104, 248, 168, 44, WHITE),
    ("poly", [(128, 256), (112, 344), (208, 264)], WHITE),
    ("rect", 128, 152, 152, 24, 12, BLUE),
    ("rect", 128, 200, 104, 24, 12, BLUE),
    ("rect", 184, 232, 248, 168, 44, AMBER),
    ("poly", [(304, 384), (400, 392), (384, 472)], AMBER),
    ("rect", 232, 280, 152, 24, 12, INK),
    ("rect", 232, 328, 104, 24, 12, INK),
]


def drawing(maskable):
    """The shapes of one variant. The maskable one fills the whole square (a launcher cuts its
    own shape out of it) and keeps the bubbles inside the central safe circle (80% wide)."""
    if not maskable:
        return [("rect", 0, 0, 512, 512, 112, BLUE)] + BUBBLES
    scale, shift = 0.74, 256 * (1 - 0.74)
    shapes = [("rect", 0, 0, 512, 512, 0, BLUE)]
    for s in BUBBLES:
        if s[0] == "rect":
            _, x, y, w, h, r, c = s
            shapes.append(("rect", x * scale + shift, y * scale + shift, w * scale, h * scale, r * scale, c))
        else:
            shapes.append(("poly", [(x * scale + shift, y * scale + shift) for x, y in s[1]], s[2]))
    return shapes


def inside(shape, px, py):
    if shape[0] == "rect":
        _, x, y, w, h, r, _ = shape
        if not (x <= px <= x + w and y <= py <= y + h):
            return False
        cx = min(max(px, x + r), x + w - r)
        cy = min(max(py, y + r), y + h - r)
        return (px - cx) ** 2 + (py - cy) ** 2 <= r * r
    pts = shape[1]
    sign = 0
    for (x1, y1), (x2, y2) in zip(pts, pts[1:] + pts[:1]):
        cross = (x2 - x1) * (py - y1) - (y2 - y1) * (px - x1)
        if cross != 0:
            if sign and (cross > 0) != (sign > 0):
                return False
            sign = cross
    return True


def top(shapes, px, py):
    """Index of the topmost shape covering the point, or -1 (transparent)."""
    for i in range(len(shapes) - 1, -1, -1):
        if inside(shapes[i], px, py):
            return i
    return -1


def raster(shapes, size):
    """RGBA rows. Each pixel's centre picks its shape; pixels on an edge (a neighbour picked
    another) are supersampled 4 x 4 for smooth edges."""
    k = 512 / size
    label = [[top(shapes, (x + 0.5) * k, (y + 0.5) * k) for x in range(size)] for y in range(size)]
    rows = []
    for y in range(size):
        row = bytearray()
        for x in range(size):
            here = label[y][x]
            edge = any(
                0 <= y + dy < size and 0 <= x + dx < size and label[y + dy][x + dx] != here
                for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1))
            )
            samples = [here]
            if edge:
                samples = [top(shapes, (x + (i + 0.5) / 4) * k, (y + (j + 0.5) / 4) * k) for i in range(4) for j in range(4)]
            r = g = b = a = 0
            for s in samples:
                if s >= 0:
                    c = shapes[s][-1]
                    r, g, b, a = r + c[0], g + c[1], b + c[2], a + 1
            n = len(samples)
            # Colour averaged over the covered samples (straight alpha), coverage as alpha.
            row += bytes((r // a, g // a, b // a, 255 * a // n)) if a else bytes(4)
        rows.append(bytes(row))
    return rows


def png(rows, size):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + row for row in rows)
    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def svg(shapes):
    def hex_colour(c):
        return "#%02x%02x%02x" % c

    parts = []
    for s in shapes:
        if s[0] == "rect":
            _, x, y, w, h, r, c = s
            parts.append(f'<rect x="{x:g}" y="{y:g}" width="{w:g}" height="{h:g}" rx="{r:g}" fill="{hex_colour(c)}"/>')
        else:
            points = " ".join(f"{x:g},{y:g}" for x, y in s[1])
            parts.append(f'<polygon points="{points}" fill="{hex_colour(s[2])}"/>')
    body = "\n  ".join(parts)
    return f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512">\n  {body}\n</svg>\n'


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "favicon.svg").write_text(svg(drawing(maskable=False)))
    for name, size, maskable in (
        ("icon-192.png", 192, False),
        ("icon-512.png", 512, False),
        ("icon-maskable-512.png", 512, True),
    ):
        (OUT / name).write_bytes(png(raster(drawing(maskable), size), size))
        print(f"public/icons/{name}")
    print("public/icons/favicon.svg")


if __name__ == "__main__":
    main()
