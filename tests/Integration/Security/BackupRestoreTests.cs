using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Shouldly;
using Ticketing.Application.Admin;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Sync;
using Ticketing.IntegrationTests.Sync;
using Ticketing.Web;
using Ticketing.Web.Infrastructure;

namespace Ticketing.IntegrationTests.Security;

public sealed class BackupRestoreTests : IDisposable
{
    private const string Password = "backup-test-certificate-password";
    private const string Passphrase = "a long backup passphrase for the test";

    private readonly string _folder = Directory.CreateTempSubdirectory("ticketing-backup-").FullName;

    [Fact]
    public async Task A_backup_restored_into_a_new_database_has_the_same_tickets_an_intact_audit_chain_and_readable_secrets()
    {
        var certificate = CreateCertificate();
        var keyRing = new Dictionary<string, string?>
        {
            ["Ticketing:DataProtection:CertificatePath"] = certificate,
            ["Ticketing:DataProtection:CertificatePassword"] = Password,
        };
        await using var app = await TestApp.StartAsync(new() { Purpose = "backup", Settings = keyRing });
        (await app.SyncAsync(full: true)).Result.ShouldNotBeNull().Run.Status.ShouldBe(SyncStatus.Success);
        using (await app.SignedInAsync(TestUser.Admin))
        {
            // A sign-in writes to the audit chain, so the restored chain has links to check.
        }

        var tickets = await app.ScalarAsync<long>("SELECT count(*) FROM tickets_cache");
        var auditEntries = await app.ScalarAsync<long>("SELECT count(*) FROM audit_log");
        tickets.ShouldBeGreaterThan(0);
        auditEntries.ShouldBeGreaterThan(0);
        var apiKeyHint = await app.InScopeAsync(async services => (await services.GetRequiredService<IAdminIntegrationStore>().GetAsync(CancellationToken.None))!.ApiKeyHint);
        apiKeyHint.ShouldNotBeNull().ShouldNotBe(SecretMask.Unreadable);

        var backup = (await RunScriptAsync("backup.sh", "--database", app.Database.Name, "--certificate", certificate, "--out", _folder)).Trim().Split('\n')[^1];
        File.Exists(backup).ShouldBeTrue();
        (await File.ReadAllBytesAsync(backup, TestContext.Current.CancellationToken)).AsSpan(0, 8).ToArray().ShouldBe("Salted__"u8.ToArray());

        var restoredName = TestDatabaseServer.NewName("restored");
        var restoredCertificate = Path.Combine(_folder, "restored.pfx");
        try
        {
            await RunScriptAsync("restore.sh", "--file", backup, "--database", restoredName, "--certificate-out", restoredCertificate);
            (await File.ReadAllBytesAsync(restoredCertificate, TestContext.Current.CancellationToken))
                .ShouldBe(await File.ReadAllBytesAsync(certificate, TestContext.Current.CancellationToken));

            await using (var connection = new NpgsqlConnection(TestDatabaseServer.ConnectionStringFor(restoredName)))
            {
                await connection.OpenAsync(TestContext.Current.CancellationToken);
                await using var count = new NpgsqlCommand("SELECT (SELECT count(*) FROM tickets_cache), (SELECT count(*) FROM audit_log)", connection);
                await using var reader = await count.ExecuteReaderAsync(TestContext.Current.CancellationToken);
                (await reader.ReadAsync(TestContext.Current.CancellationToken)).ShouldBeTrue();
                reader.GetInt64(0).ShouldBe(tickets);
                reader.GetInt64(1).ShouldBeGreaterThanOrEqualTo(auditEntries);
            }

            // The app over the restored database, with the certificate from the backup.
            var restored = TicketingWebApp.Build(
                [
                    $"--ConnectionStrings:Ticketing={TestDatabaseServer.ConnectionStringFor(restoredName)}",
                    $"--Ticketing:DataProtection:CertificatePath={restoredCertificate}",
                    $"--Ticketing:DataProtection:CertificatePassword={Password}",
                    "--Ticketing:Jobs:RunServer=false",
                    "--Logging:LogLevel:Default=Warning",
                ],
                runStartupTasks: false);
            await using (restored)
            {
                (await CommandLineVerbs.RunAsync("audit", ["verify"], restored)).ShouldBe(0);
                await using var scope = restored.Services.CreateAsyncScope();
                var snapshot = await scope.ServiceProvider.GetRequiredService<IAdminIntegrationStore>().GetAsync(CancellationToken.None);
                snapshot.ShouldNotBeNull().ApiKeyHint.ShouldBe(apiKeyHint);
            }
        }
        finally
        {
            TestDatabaseServer.DropSoon(restoredName);
        }
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static async Task<string> RunScriptAsync(string script, params string[] arguments)
    {
        var server = new NpgsqlConnectionStringBuilder(TestDatabaseServer.Server);
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryRoot() };
        start.ArgumentList.Add(Path.Combine("scripts", script));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PGHOST"] = server.Host;
        start.Environment["PGPORT"] = server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["PGUSER"] = server.Username;
        start.Environment["PGPASSWORD"] = server.Password;
        start.Environment["TICKETING_BACKUP_PASSPHRASE"] = Passphrase;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var errors = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        process.ExitCode.ShouldBe(0, $"{script}: {await errors}{await output}");
        return await output;
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Ticketing.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("No Ticketing.sln above the test's folder.");
    }

    private string CreateCertificate()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=ticketing backup test", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var path = Path.Combine(_folder, "keyring.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, Password));
        return path;
    }
}
