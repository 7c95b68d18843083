// A VFS for the single writer's connection that hands the WAL frames of a commit to the kernel in
// one write instead of two per page (SQLite writes each frame's header and page separately, and a
// batch of commands touches dozens of pages). Everything else goes to the default VFS unchanged.
// The bytes are written out before anything reads, syncs or sizes the WAL, and before SQLite
// publishes the new frames to other connections (the shared-memory barrier while it writes the
// WAL-index header), so no reader can see a frame that is not in the file.
#pragma once

namespace dx::store {

// Registers the VFS once; returns its name for sqlite3_open_v2 (nullptr if it could not be).
const char* coalescing_vfs();

}  // namespace dx::store
