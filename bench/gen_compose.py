#!/usr/bin/env python3
"""Writes a compose file with N services for the loader benchmark: each service has an interpolated
image tag and environment, two ports, a healthcheck, labels, a volume, and depends on the previous one
(a chain), so every loader stage has work to do.

    usage: gen_compose.py N OUT_DIR     (writes OUT_DIR/compose.yaml and OUT_DIR/.env)
"""
import os
import sys

n, out = int(sys.argv[1]), sys.argv[2]
os.makedirs(out, exist_ok=True)
with open(os.path.join(out, ".env"), "w") as f:
    f.write("TAG=1.36\nLOG_LEVEL=info\nBASE_PORT=20000\n")
lines = ["name: bench", "x-common: &common", "  restart: unless-stopped",
         "  labels: {tier: bench, owner: stackctl}", "services:"]
for i in range(n):
    lines += [
        f"  svc{i}:",
        "    <<: *common",
        "    image: \"busybox:${TAG}\"",
        "    command: [\"sh\", \"-c\", \"httpd -f -p 8080\"]",
        "    environment:",
        f"      SERVICE_INDEX: \"{i}\"",
        "      LOG_LEVEL: ${LOG_LEVEL:-debug}",
        f"      PEER: svc{max(i - 1, 0)}",
        "    ports:",
        f"      - \"127.0.0.1:{30000 + i}:8080\"",
        f"      - target: 9090",
        f"        published: \"{40000 + i}\"",
        "    healthcheck:",
        "      test: [\"CMD\", \"wget\", \"-q\", \"-O-\", \"http://localhost:8080/\"]",
        "      interval: 10s",
        "      retries: 3",
        "    volumes:",
        f"      - data{i % 10}:/data",
    ]
    if i > 0:
        lines += ["    depends_on:", f"      svc{i - 1}:", "        condition: service_started"]
lines.append("volumes:")
for k in range(10):
    lines.append(f"  data{k}: {{}}")
with open(os.path.join(out, "compose.yaml"), "w") as f:
    f.write("\n".join(lines) + "\n")
