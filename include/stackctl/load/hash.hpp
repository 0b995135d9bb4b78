#pragma once
/// The service configuration hash (`docker compose config --hash`, label com.docker.compose.config-hash).

#include <string>

#include "stackctl/load/tree.hpp"

namespace stackctl::load {

/// sha256 (lowercase hex) of the compact JSON of a service, as the reference computes it: `build`,
/// `pull_policy`, `scale` and `deploy.replicas` are removed first (`deploy` itself stays), `x-*` keys of the
/// service are never included, keys keep the Node's order, HTML characters are escaped and `$` is not
/// doubled.
///
/// `encoded_service` is the service as the encoder prints it in JSON (Go struct field order, map keys
/// sorted, `command`/`entrypoint` null when unset, `resources`/`placement`/`ipam`/`exec` present, bytes as
/// strings). For `config --hash` that is the model loaded without service-environment resolution (env_file
/// kept, not merged); for the container label it is the model `up` uses.
std::string service_config_hash(const Node& encoded_service);

/// The exact bytes service_config_hash digests (for tests and debugging).
std::string service_hash_input(const Node& encoded_service);

/// Lowercase hex sha256 of `data` (OpenSSL libcrypto).
std::string sha256_hex(std::string_view data);

}  // namespace stackctl::load
