#!/usr/bin/env python3
"""Makes docs/gallery.png, a contact sheet of the gallery's first pages.

    go run ./cmd/report build -o /tmp/gallery examples/*
    /usr/bin/python3 examples/contact.py /tmp/gallery docs/gallery.png

Needs pdftoppm (poppler) and Pillow (Debian's python3-pil)."""
import glob, os, subprocess, sys, tempfile
from PIL import Image, ImageDraw

src, out = sys.argv[1], sys.argv[2]
pdfs = sorted(glob.glob(os.path.join(src, "*.pdf")))
thumbs = []
with tempfile.TemporaryDirectory() as tmp:
    for p in pdfs:
        base = os.path.join(tmp, os.path.basename(p)[:-4])
        subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", "-singlefile", p, base], check=True)
        im = Image.open(base + ".png").convert("RGB")
        thumbs.append((os.path.basename(p)[:-4], im.copy()))
cols = 4
w, h = thumbs[0][1].size
pad, label = 12, 16
rows = (len(thumbs) + cols - 1) // cols
sheet = Image.new("RGB", (cols * (w + pad) + pad, rows * (h + pad + label) + pad), "white")
d = ImageDraw.Draw(sheet)
for i, (name, im) in enumerate(thumbs):
    x, y = pad + (i % cols) * (w + pad), pad + (i // cols) * (h + pad + label)
    sheet.paste(im, (x, y + label))
    d.rectangle([x - 1, y + label - 1, x + im.size[0], y + label + im.size[1]], outline="#9aa9b8")
    d.text((x, y + 2), name, fill="#1f3b57")
sheet = sheet.quantize(colors=128)
sheet.save(out, optimize=True)
print(out, os.path.getsize(out) // 1024, "KB")
