namespace Ticketing.E2ETests.Infrastructure;

/// <summary>
/// A file on disk for a file input, deleted when disposed. Chromium here is local, so Playwright hands it
/// the path and the browser reads the file itself; a file given as bytes instead crosses Playwright's pipe
/// as base64 and is rebuilt in the page, which took a minute for 30 MiB on a busy machine. Keep it until
/// the page has read the file: an upload reads it only after it was chosen.
/// </summary>
public sealed class LocalFile : IDisposable
{
    private readonly string _folder;

    private LocalFile(string folder, string path)
    {
        _folder = folder;
        Path = path;
    }

    public string Path { get; }

    public static async Task<LocalFile> WriteAsync(string name, byte[] content)
    {
        var folder = Directory.CreateTempSubdirectory("ticketing-e2e-").FullName;
        var path = System.IO.Path.Combine(folder, name);
        await File.WriteAllBytesAsync(path, content, TestContext.Current.CancellationToken);
        return new LocalFile(folder, path);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
