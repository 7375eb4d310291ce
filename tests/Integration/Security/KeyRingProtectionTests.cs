using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;

namespace Ticketing.IntegrationTests.Security;

public sealed class KeyRingProtectionTests : IDisposable
{
    private const string Password = "key-ring-test-password";
    private readonly List<string> _files = [];

    [Fact]
    public async Task The_key_ring_is_encrypted_unreadable_without_the_certificate_and_still_readable_after_a_rotation()
    {
        var first = CreateCertificate("ticketing key ring 1");
        var second = CreateCertificate("ticketing key ring 2");
        // Start-up tasks off: the template's own (unencrypted) key is removed before anything uses the ring.
        await using var app = await TestApp.StartAsync(TestAppOptions.Composed(tickets: 1) with
        {
            Purpose = "keyring",
            RunStartupTasks = false,
            Settings = Certificate(first),
        });
        await app.ExecuteAsync("DELETE FROM data_protection_keys");

        var payload = Protector(app).Protect("the stored API key");

        var xml = await app.ScalarAsync<string>("SELECT string_agg(xml, '') FROM data_protection_keys");
        xml.ShouldNotBeNull().ShouldContain("encryptedSecret");
        xml.ShouldNotContain("<masterKey");
        xml.ShouldNotContain("<value>");

        await using (var without = await app.StartAnotherAsync(o => o with { Settings = new Dictionary<string, string?>() }))
        {
            Should.Throw<CryptographicException>(() => Protector(without).Unprotect(payload));
        }

        var rotated = new Dictionary<string, string?>(Certificate(second))
        {
            ["Ticketing:DataProtection:PreviousCertificates:0:Path"] = first,
            ["Ticketing:DataProtection:PreviousCertificates:0:Password"] = Password,
        };
        await using (var afterRotation = await app.StartAnotherAsync(o => o with { Settings = rotated }))
        {
            Protector(afterRotation).Unprotect(payload).ShouldBe("the stored API key");
        }

        await using var newOnly = await app.StartAnotherAsync(o => o with { Settings = Certificate(second) });
        Should.Throw<CryptographicException>(() => Protector(newOnly).Unprotect(payload));
    }

    [Fact]
    public async Task In_production_the_app_refuses_to_start_without_the_key_ring_certificate()
    {
        var refused = await Should.ThrowAsync<Exception>(() => TestApp.StartAsync(TestAppOptions.Composed(tickets: 1) with
        {
            Purpose = "keyringprod",
            Environment = "Production",
        }));

        refused.ToString().ShouldContain("Ticketing:DataProtection:CertificatePath is not set");
    }

    public void Dispose()
    {
        foreach (var file in _files)
        {
            File.Delete(file);
        }
    }

    private static IDataProtector Protector(TestApp app) =>
        app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("key ring test");

    private static Dictionary<string, string?> Certificate(string path) => new()
    {
        ["Ticketing:DataProtection:CertificatePath"] = path,
        ["Ticketing:DataProtection:CertificatePassword"] = Password,
    };

    private string CreateCertificate(string name)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var path = Path.Combine(Path.GetTempPath(), $"ticketing-keyring-{Guid.NewGuid():N}.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, Password));
        _files.Add(path);
        return path;
    }
}
