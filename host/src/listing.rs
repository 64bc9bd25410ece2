//! Directory listings: an entry whose host name is not UTF-8 cannot cross as a WIT string.
//! wasmtime-wasi answers such an entry with `illegal-byte-sequence`, and the WASI adapter
//! then fails the whole listing (`os.listdir` of the folder raised `OSError`). Here such
//! entries are left out instead: the guest lists, and can open, every other entry.

use wasmtime::StoreContextMut;
use wasmtime::component::{Linker, Resource};
use wasmtime_wasi::WasiView;
use wasmtime_wasi::filesystem::WasiFilesystemView;
use wasmtime_wasi::p2::bindings::sync::filesystem::types::{
    DirectoryEntryStream, ErrorCode, Host as _, HostDirectoryEntryStream as _,
};

/// Replaces `read-directory-entry` of `wasi:filesystem/types` by one that skips entries with
/// names that are not UTF-8.
pub(crate) fn add_to_linker<T: WasiView + 'static>(linker: &mut Linker<T>) -> wasmtime::Result<()> {
    linker.allow_shadowing(true);
    let mut types = linker.instance("wasi:filesystem/types@0.2.12")?;
    types.func_wrap(
        "[method]directory-entry-stream.read-directory-entry",
        |mut store: StoreContextMut<'_, T>, (stream,): (Resource<DirectoryEntryStream>,)| {
            let mut fs = store.data_mut().filesystem();
            loop {
                match fs.read_directory_entry(Resource::new_borrow(stream.rep())) {
                    Ok(entry) => return Ok((Ok(entry),)),
                    Err(e) => match fs.convert_error_code(e)? {
                        ErrorCode::IllegalByteSequence => continue,
                        code => return Ok((Err(code),)),
                    },
                }
            }
        },
    )?;
    linker.allow_shadowing(false);
    Ok(())
}
