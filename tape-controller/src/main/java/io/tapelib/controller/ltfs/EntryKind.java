package io.tapelib.controller.ltfs;

/** What an LTFS index entry is: a directory, a regular file, or a symbolic link (LTFS Format Specification 2.4, section 9.2). */
public enum EntryKind { DIRECTORY, FILE, SYMLINK }
