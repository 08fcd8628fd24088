#!/usr/bin/env bash
# Draws icons/source.png (1024x1024, RGBA) with ImageMagick, then derives every platform size with
# `npx tauri icon`. Kept as a script so the icon can be redrawn instead of hand-edited.
# Needs Debian's ImageMagick (/usr/bin/convert), not a stand-in earlier on PATH.
set -euo pipefail
cd "$(dirname "$0")"
IM=/usr/bin/convert
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
$IM -size 1024x1024 xc:none -fill white -draw "roundrectangle 72,72 952,952 210,210" "$tmp/mask.png"
$IM -size 1024x1024 gradient:'#34C27F-#0B6E5C' "$tmp/mask.png" -alpha off -compose CopyOpacity -composite "$tmp/bg.png"
# A white drop (the file being dropped) holding three people (the group).
$IM "$tmp/bg.png" \
  -fill white -draw "path 'M 512,190 C 470,250 290,460 290,610 C 290,735 390,835 512,835 C 634,835 734,735 734,610 C 734,460 554,250 512,190 Z'" \
  -fill '#0E7C66' -stroke white -strokewidth 14 \
  -draw "path 'M 352,752 C 352,690 392,655 440,655 C 488,655 528,690 528,752 Z'" \
  -draw "path 'M 496,752 C 496,690 536,655 584,655 C 632,655 672,690 672,752 Z'" \
  -draw "circle 440,600 440,556" -draw "circle 584,600 584,556" \
  -draw "path 'M 404,770 C 404,680 452,640 512,640 C 572,640 620,680 620,770 Z'" \
  -draw "circle 512,560 512,505" \
  PNG32:source.png
cd ..
npx tauri icon icons/source.png -o icons
rm -rf icons/android icons/ios
