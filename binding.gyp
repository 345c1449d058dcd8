{
  "targets": [
    {
      "target_name": "ndgradient",
      "sources": ["native/addon.cc", "native/async.cc", "native/call.cc", "native/gradient.cc", "native/recycle.cc", "native/vector.cc"],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": [
        "NAPI_VERSION=8",
        "NAPI_DISABLE_CPP_EXCEPTIONS",
        "NODE_ADDON_API_ENABLE_MAYBE",
        "NODE_ADDON_API_DISABLE_DEPRECATED",
        "NODE_API_SWALLOW_UNTHROWABLE_EXCEPTIONS",
        "NDGRADIENT_COMPAT_GLIBC"
      ],
      # Exactness: -ffp-contract=off keeps a*b + c as two roundings, as numpy computes it
      # (GCC's default fuses them where the target has FMA, arm64 always). Never -ffast-math.
      # No -march: what ships runs on any x86-64 / arm64.
      "cflags_cc": ["-std=c++17", "-O3", "-ffp-contract=off", "-fvisibility=hidden", "-Wall", "-Wextra"],
      "cflags_cc!": ["-std=gnu++17"],
      "ldflags": ["-Wl,--exclude-libs,ALL"],
      "xcode_settings": {
        "CLANG_CXX_LANGUAGE_STANDARD": "c++17",
        "GCC_SYMBOLS_PRIVATE_EXTERN": "YES",
        "OTHER_CPLUSPLUSFLAGS": ["-ffp-contract=off", "-O3"],
        "MACOSX_DEPLOYMENT_TARGET": "10.15"
      },
      "msvs_settings": {
        "VCCLCompilerTool": {
          "AdditionalOptions": ["/std:c++17", "/fp:precise", "/O2"]
        }
      }
    }
  ]
}
