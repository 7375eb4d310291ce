using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;

namespace Ticketing.Web.Security;

/// <summary>
/// <c>Ticketing:DataProtection</c>: the certificate that encrypts the Data Protection key ring at rest (the
/// keys that protect auth cookies and the stored API key live in PostgreSQL; without it they would sit
/// there in plain XML). Rotation: put the new certificate in <see cref="CertificatePath"/> and the old one
/// in <see cref="PreviousCertificates"/>, so keys written under the old one still decrypt.
/// </summary>
public sealed class KeyRingOptions
{
    public const string Section = "Ticketing:DataProtection";

    /// <summary>A PKCS#12 (.pfx) file with the private key; new keys are encrypted with it.</summary>
    public string? CertificatePath { get; set; }

    public string? CertificatePassword { get; set; }

    /// <summary>Certificates keys were encrypted with before a rotation: used to decrypt only.</summary>
    public List<KeyRingCertificate> PreviousCertificates { get; set; } = [];
}

public sealed class KeyRingCertificate
{
    public string Path { get; set; } = "";

    public string? Password { get; set; }
}

public static class KeyRingProtection
{
    /// <summary>
    /// Encrypts the key ring with the configured certificate. Without one the app refuses to start in
    /// Production; elsewhere (development, tests) the keys stay unencrypted, as before.
    /// </summary>
    public static IServiceCollection AddKeyRingProtection(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var options = configuration.GetSection(KeyRingOptions.Section).Get<KeyRingOptions>() ?? new KeyRingOptions();
        if (string.IsNullOrWhiteSpace(options.CertificatePath))
        {
            if (environment.IsProduction())
            {
                throw new InvalidOperationException(
                    $"{KeyRingOptions.Section}:CertificatePath is not set: in Production the Data Protection key ring must be encrypted with a certificate (docs/security.md, \"Keys\").");
            }

            return services;
        }

        var current = Load(options.CertificatePath, options.CertificatePassword);
        var previous = options.PreviousCertificates
            .Where(c => !string.IsNullOrWhiteSpace(c.Path))
            .Select(c => Load(c.Path, c.Password));
        services.AddDataProtection()
            .ProtectKeysWithCertificate(current)
            .UnprotectKeysWithAnyCertificate([current, .. previous]);
        return services;
    }

    private static X509Certificate2 Load(string path, string? password)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"The key ring certificate '{path}' does not exist.");
        }

        var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password, X509KeyStorageFlags.EphemeralKeySet);
        return certificate.HasPrivateKey
            ? certificate
            : throw new InvalidOperationException($"The key ring certificate '{path}' has no private key: it could encrypt keys but never read them back.");
    }
}
