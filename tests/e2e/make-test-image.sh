#!/usr/bin/env bash
# Creates the tiny test image stackctl-test/busybox:latest from Debian's busybox-static, imported through
# the Engine API; does nothing when the image already exists. No registry is involved.
set -euo pipefail
image_repo=stackctl-test/busybox
host=${DOCKER_HOST:-unix:///var/run/docker.sock}
api() {
  local method=$1 path=$2; shift 2
  case $host in
    unix://*) curl -sS --fail-with-body --unix-socket "${host#unix://}" -X "$method" "http://localhost/v1.41$path" "$@" ;;
    tcp://*) curl -sS --fail-with-body -X "$method" "http://${host#tcp://}/v1.41$path" "$@" ;;
  esac
}
if api GET "/images/$image_repo:latest/json" -o /dev/null 2>/dev/null; then
  echo "test image $image_repo:latest present"; exit 0
fi
busybox=$(command -v busybox || true)
for candidate in /bin/busybox /usr/bin/busybox; do [ -x "$candidate" ] && busybox=$candidate; done
[ -n "$busybox" ] || { echo "make-test-image: busybox not found; run scripts/setup (it installs busybox-static)" >&2; exit 1; }
if ldd "$busybox" >/dev/null 2>&1; then
  echo "make-test-image: $busybox is dynamically linked; install busybox-static" >&2; exit 1
fi
root=$(mktemp -d); trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,sbin,etc,tmp,var/www,root,proc,sys,dev}
cp "$busybox" "$root/bin/busybox"
for applet in $("$busybox" --list); do
  [ -e "$root/bin/$applet" ] || ln -s busybox "$root/bin/$applet"
done
echo 'root:x:0:0:root:/root:/bin/sh' > "$root/etc/passwd"
echo 'nobody:x:65534:65534:nobody:/:/bin/false' >> "$root/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' > "$root/etc/group"
chmod 1777 "$root/tmp"
tar -C "$root" -c . | api POST "/images/create?fromSrc=-&repo=$image_repo&tag=latest" \
  -H 'Content-Type: application/x-tar' --data-binary @- >/dev/null
api GET "/images/$image_repo:latest/json" -o /dev/null
echo "test image $image_repo:latest imported"
