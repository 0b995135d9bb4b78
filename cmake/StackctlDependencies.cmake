# Every dependency comes from the system (Debian packages installed by scripts/setup).
# Nothing is vendored and nothing is downloaded at configure or build time.
find_package(yaml-cpp REQUIRED)
find_package(CLI11 CONFIG REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(CURL REQUIRED)
find_package(fmt REQUIRED)
find_package(spdlog REQUIRED)
find_package(OpenSSL REQUIRED COMPONENTS Crypto)
find_package(ZLIB REQUIRED)
find_package(Threads REQUIRED)
if(STACKCTL_BUILD_TESTS)
  find_package(Catch2 2 REQUIRED)
endif()

# yaml-cpp 0.7's config exports the plain target name; give it the namespaced alias newer releases use.
if(TARGET yaml-cpp AND NOT TARGET yaml-cpp::yaml-cpp)
  add_library(yaml-cpp::yaml-cpp ALIAS yaml-cpp)
endif()
