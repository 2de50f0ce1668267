package dev.kanal.cli.run;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** I/O errors as a user reads them: what happened, without Java's class names. */
final class IoErrors {
  private IoErrors() {}

  static String describe(IOException e) {
    return switch (e) {
      case NoSuchFileException x -> "no such file or directory";
      case AccessDeniedException x -> "permission denied";
      case NotDirectoryException x -> "not a directory";
      case FileAlreadyExistsException x -> "it already exists";
      case DirectoryNotEmptyException x -> "the directory is not empty";
      case FileSystemException x when x.getReason() != null -> x.getReason();
      default -> String.valueOf(e.getMessage());
    };
  }
}
