using System.Runtime.InteropServices;

namespace Ticketing.Web.Infrastructure;

/// <summary>
/// glibc's allocator settings for the app's own process (decision 148), set before the host starts its threads.
/// </summary>
internal static class NativeHeap
{
    // <malloc.h>: the most arenas glibc may create.
    private const int ArenaMaxParameter = -8;

    // By default glibc gives each busy thread its own arena, up to eight per core, each keeping its freed memory:
    // during a sync the threads that store and compile grew them by about 19 MB (decision 115). Two arenas measured
    // no slower and keep that growth down; the environment variable stays the operator's to set instead.
    private const int Arenas = 2;

    public static void LimitArenas()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable("MALLOC_ARENA_MAX") is not null)
        {
            return;
        }

        try
        {
            _ = NativeMethods.mallopt(ArenaMaxParameter, Arenas);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc (musl has no arenas to cap): nothing to set.
        }
    }

    private static class NativeMethods
    {
        [DllImport("libc.so.6", ExactSpelling = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        [System.Diagnostics.CodeAnalysis.SuppressMessage("Style", "IDE1006:Naming Styles", Justification = "The C function's name.")]
        public static extern int mallopt(int parameter, int value);
    }
}
