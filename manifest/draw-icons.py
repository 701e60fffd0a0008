#!/usr/bin/env python3
"""Draws RectifyBot's Teams icons with no dependencies: color.png (192x192, a white clipboard with a check mark on the
plan's red) and outline.png (32x32, the same shape in pure white on transparent, no anti-aliasing, as Teams asks).
Run from anywhere: python3 manifest/draw-icons.py"""
import os, struct, zlib

def png(path, w, h, pixels):
    raw = b"".join(b"\x00" + bytes(v for px in pixels[y * w:(y + 1) * w] for v in px) for y in range(h))
    chunk = lambda t, d: struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 6, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))

def rounded(x, y, x0, y0, x1, y1, r):
    cx, cy = min(max(x, x0 + r), x1 - r), min(max(y, y0 + r), y1 - r)
    return x0 <= x <= x1 and y0 <= y <= y1 and (x - cx) ** 2 + (y - cy) ** 2 <= r * r

def near_segment(x, y, a, b, half):
    (ax, ay), (bx, by) = a, b
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)))
    return (x - ax - t * dx) ** 2 + (y - ay - t * dy) ** 2 <= half * half

def shape(x, y):
    """The icon in a 0..1 square: 'bg', 'white' or None (outside)."""
    if near_segment(x, y, (0.40, 0.53), (0.48, 0.62), 0.035) or near_segment(x, y, (0.48, 0.62), (0.64, 0.42), 0.035):
        return "white"  # the check mark
    if rounded(x, y, 0.41, 0.13, 0.59, 0.24, 0.03):
        return "white"  # the clip
    if rounded(x, y, 0.27, 0.18, 0.73, 0.83, 0.05) and not rounded(x, y, 0.32, 0.27, 0.68, 0.78, 0.02):
        return "white"  # the board's rim
    return "bg" if rounded(x, y, 0.0, 0.0, 1.0, 1.0, 0.19) else None

def colour(size=192, samples=4):
    red, white = (200, 16, 46), (255, 255, 255)
    pixels = []
    for py in range(size):
        for px in range(size):
            acc, alpha = [0, 0, 0], 0
            for sy in range(samples):
                for sx in range(samples):
                    s = shape((px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size)
                    if s:
                        c = white if s == "white" else red
                        acc = [a + v for a, v in zip(acc, c)]
                        alpha += 1
            n = samples * samples
            pixels.append(tuple(round(a / alpha) for a in acc) + (round(255 * alpha / n),) if alpha else (0, 0, 0, 0))
    return pixels

def outline(size=32):
    # The board is thicker here so it stays visible at 32 pixels; one sample per pixel: white or transparent only.
    def on(x, y):
        if near_segment(x, y, (0.38, 0.55), (0.48, 0.66), 0.05) or near_segment(x, y, (0.48, 0.66), (0.66, 0.40), 0.05):
            return True
        if rounded(x, y, 0.38, 0.06, 0.62, 0.20, 0.02):
            return True
        return rounded(x, y, 0.19, 0.12, 0.81, 0.94, 0.06) and not rounded(x, y, 0.28, 0.24, 0.72, 0.85, 0.02)
    return [(255, 255, 255, 255) if on((px + 0.5) / size, (py + 0.5) / size) else (0, 0, 0, 0) for py in range(size) for px in range(size)]

here = os.path.dirname(os.path.abspath(__file__))
png(os.path.join(here, "color.png"), 192, 192, colour())
png(os.path.join(here, "outline.png"), 32, 32, outline())
