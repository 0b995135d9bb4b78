# Warning and sanitizer flags applied to every stackctl target through stackctl_options.
add_library(stackctl_options INTERFACE)
target_compile_options(stackctl_options INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
                                                  -Wold-style-cast -Wcast-align -Woverloaded-virtual
                                                  -Wno-missing-field-initializers)
if(STACKCTL_WERROR)
  target_compile_options(stackctl_options INTERFACE -Werror)
endif()
# Bounds-checked standard containers in debug builds.
target_compile_definitions(stackctl_options INTERFACE $<$<CONFIG:Debug>:_GLIBCXX_ASSERTIONS>)
if(STACKCTL_SANITIZE)
  target_compile_options(stackctl_options INTERFACE -fsanitize=${STACKCTL_SANITIZE} -fno-omit-frame-pointer
                                                    -fno-sanitize-recover=all)
  target_link_options(stackctl_options INTERFACE -fsanitize=${STACKCTL_SANITIZE})
endif()
