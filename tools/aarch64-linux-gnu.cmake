# CMake toolchain file: cross-compile the C kernels and C tests for aarch64
# Linux with Debian's cross GCC, and let ctest run the test programs under
# qemu-user. Used by tools/cross_aarch64.sh; needs the Debian packages
# gcc-aarch64-linux-gnu, libc6-dev-arm64-cross and qemu-user.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)

set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)

# Target headers and libraries come from the cross sysroot; programs (cython,
# etc.) from the host.
set(CMAKE_FIND_ROOT_PATH /usr/aarch64-linux-gnu)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# ctest (and try_run) run target programs through this. LD_LIBRARY_PATH pins
# the C library to the cross sysroot's: once Debian's arm64 multiarch libc6
# is installed (a dependency of libfftw3-*:arm64), the sysroot's loader would
# otherwise pick /lib/aarch64-linux-gnu/libc.so.6, a different glibc build
# from the loader itself, and programs hang. Libraries opened by absolute
# path (FASTROSA_FFTW_LIBS=/usr/lib/aarch64-linux-gnu/...) still load.
set(CMAKE_CROSSCOMPILING_EMULATOR
    qemu-aarch64;-L;/usr/aarch64-linux-gnu;-E;LD_LIBRARY_PATH=/usr/aarch64-linux-gnu/lib)
