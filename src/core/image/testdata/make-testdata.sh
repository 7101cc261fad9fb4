#!/bin/sh
# Regenerates the tiny format samples used by the sniff unit tests (run by hand, never by the tests).
# Needs Debian's ImageMagick 6 and ffmpeg. Source: the public-domain Grace Hopper photo in
# e2e/fixtures/photos/.
set -eu
cd "$(dirname "$0")"
SRC=../../../../e2e/fixtures/photos/pd_color_grace-hopper_glasses_elderly.jpg
IM=/usr/bin/convert
$IM "$SRC" -resize 96x64! -strip base.png
$IM base.png -quality 70 -define webp:lossless=false lossy.webp
$IM base.png -define webp:lossless=true lossless.webp
$IM base.png -strip -type TrueColor BMP3:rgb24.bmp
$IM base.png -quality 50 photo.avif
# ImageMagick 6 appends stray bytes after an animated WebP's RIFF data, so ffmpeg writes this one.
$IM -size 96x64 xc:'#d02020' red.png
ffmpeg -v error -y -framerate 2 -i base.png -framerate 2 -i red.png -filter_complex '[0][1]concat=n=2' \
  -c:v libwebp_anim -lossless 0 -quality 60 -loop 0 animated.webp
$IM base.png -colors 64 static.gif
ffmpeg -v error -y -f lavfi -i 'color=c=red:s=48x32:d=0.3:r=10,format=rgb24' -plays 0 -f apng animated.apng
rm base.png red.png
ls -l
