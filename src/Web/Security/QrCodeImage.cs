using QRCoder;

namespace Ticketing.Web.Security;

/// <summary>A QR code as a PNG data address: an image the Content-Security-Policy allows (<c>img-src data:</c>) with no file to serve.</summary>
public static class QrCodeImage
{
    public static string PngDataUri(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.Q);
        var png = new PngByteQRCode(data).GetGraphic(5);
        return "data:image/png;base64," + Convert.ToBase64String(png);
    }
}
