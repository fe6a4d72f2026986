package dev.ploy.modules.files;

import dev.ploy.module.ModuleException;
import java.util.Locale;

/** The archive kinds unarchive handles, known by the file name, and the tar flag for each. */
enum ArchiveFormat {
  TAR(""),
  GZIP("-z"),
  XZ("-J"),
  BZIP2("-j"),
  ZIP("");

  final String tarFlag;

  ArchiveFormat(String tarFlag) {
    this.tarFlag = tarFlag;
  }

  static ArchiveFormat of(String fileName) throws ModuleException {
    String name = fileName.toLowerCase(Locale.ROOT);
    if (name.endsWith(".tar.gz") || name.endsWith(".tgz")) {
      return GZIP;
    }
    if (name.endsWith(".tar.xz") || name.endsWith(".txz")) {
      return XZ;
    }
    if (name.endsWith(".tar.bz2") || name.endsWith(".tbz2") || name.endsWith(".tbz")) {
      return BZIP2;
    }
    if (name.endsWith(".tar")) {
      return TAR;
    }
    if (name.endsWith(".zip") || name.endsWith(".jar") || name.endsWith(".war")) {
      return ZIP;
    }
    throw new ModuleException(
        "cannot tell the archive format of "
            + fileName
            + "; name it .tar, .tar.gz/.tgz, .tar.xz, .tar.bz2 or .zip");
  }

  /** Whether ploy reads the listing itself (else the target's tar lists it). */
  boolean readLocally() {
    return this == TAR || this == GZIP || this == ZIP;
  }

  /** The program the target needs to extract this format. */
  String tool() {
    return switch (this) {
      case ZIP -> "unzip";
      case XZ -> "xz";
      case BZIP2 -> "bzip2";
      default -> "tar";
    };
  }
}
