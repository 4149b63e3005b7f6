# The machines the office's servers are, sourced by scripts/pin.sh (which hashes every file pip
# picks on them) and scripts/wheelhouse.sh (which fills one offline folder for all of them).
#   Python: Debian 12's own 3.11.2, 3.12, Debian 13's 3.13
#   machine: x86_64 and aarch64 (Kunpeng and Phytium servers, 麒麟/统信)
#   glibc: 2.28 (麒麟 V10, 统信 UOS 20, the oldest) to 2.41 (Debian 13): pip on each picks the wheel
#          with the newest manylinux tag its glibc runs, so both ends are downloaded
TARGET_PYTHONS=(3.11.2 3.12 3.13)
TARGET_MACHINES=(x86_64 aarch64)
TARGET_GLIBCS=(2_28 2_41)

# pip download's options for one target: Python version, machine, glibc ("3.13 aarch64 2_41").
# Every manylinux tag that glibc runs, newest first, as pip on such a machine accepts them.
target_options() {
  local version=$1 machine=$2 glibc=$3 minor
  printf '%s\n' --python-version "$version" --implementation cp --only-binary=:all:
  for ((minor = ${glibc#2_}; minor >= 17; minor--)); do printf '%s\n' --platform "manylinux_2_${minor}_$machine"; done
  printf '%s\n' --platform "manylinux2014_$machine"
}

# Every target, one a line.
targets() {
  local version machine glibc
  for version in "${TARGET_PYTHONS[@]}"; do
    for machine in "${TARGET_MACHINES[@]}"; do
      for glibc in "${TARGET_GLIBCS[@]}"; do echo "$version $machine $glibc"; done
    done
  done
}

# The pip that downloads: the project's own when installed, else the system's.
download_pip() {
  if [ -x .venv/bin/python ]; then echo .venv/bin/python; else echo python3; fi
}
