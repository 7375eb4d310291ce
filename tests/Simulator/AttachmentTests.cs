using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Ticketing.Simulator.Api;
using Ticketing.Simulator.Tests.Support;
using Ticketing.Simulator.Tickets;

namespace Ticketing.Simulator.Tests;

public sealed class AttachmentTests : IAsyncLifetime
{
    private const int MiB = 1024 * 1024;

    private SimulatorHost _host = null!;
    private HttpClient _client = null!;

    public async ValueTask InitializeAsync()
    {
        _host = await SimulatorHost.StartAsync(new SimulatorSettings { TicketCount = 50, Seed = 4 }, Wire.Ct);
        _client = _host.CreateClient();
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task An_upload_answers_201_with_the_attachment_and_moves_the_tickets_updated_at()
    {
        var before = _host.Store.Snapshot()[0];
        var bytes = Encoding.UTF8.GetBytes("VPN client log\nline 2\n");

        using var response = await _client.UploadAsync(before.Id, Wire.Bytes(bytes, "text/plain"), "vpn-log.txt", uploadedBy: "Dana Ruiz");

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var attachment = await response.ReadAsync<AttachmentView>();
        attachment.Id.ShouldStartWith("att_");
        attachment.TicketId.ShouldBe(before.Id);
        attachment.FileName.ShouldBe("vpn-log.txt");
        attachment.ContentType.ShouldBe("text/plain");
        attachment.SizeBytes.ShouldBe(bytes.Length);
        attachment.Sha256.ShouldBe(Convert.ToHexStringLower(SHA256.HashData(bytes)));
        attachment.UploadedByName.ShouldBe("Dana Ruiz");
        _host.Store.Find(before.Id)!.UpdatedAt.ShouldBeGreaterThan(before.UpdatedAt, "an attachment is activity on the ticket, like a comment");
        _host.Counters.AttachmentsCreated.ShouldBe(1);
    }

    [Fact]
    public async Task The_content_comes_back_byte_for_byte_with_its_type_length_and_name()
    {
        var id = _host.Store.Snapshot()[1].Id;
        var bytes = RandomNumberGenerator.GetBytes(5 * MiB + 3);
        using var upload = await _client.UploadAsync(id, Wire.Bytes(bytes, "application/x-custom; charset=binary"), "dump.bin");
        var attachment = await upload.ReadAsync<AttachmentView>();

        using var response = await _client.GetAsync($"attachments/{attachment.Id}/content", HttpCompletionOption.ResponseHeadersRead, Wire.Ct);
        var received = await response.Content.ReadAsByteArrayAsync(Wire.Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        Convert.ToHexStringLower(SHA256.HashData(received)).ShouldBe(attachment.Sha256);
        attachment.Sha256.ShouldBe(Convert.ToHexStringLower(SHA256.HashData(bytes)));
        response.Content.Headers.ContentLength.ShouldBe(bytes.Length);
        response.Content.Headers.ContentType!.ToString().ShouldBe("application/x-custom; charset=binary");
        response.Content.Headers.ContentDisposition!.ToString().ShouldBe("attachment; filename*=UTF-8''dump.bin");
        response.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
    }

    [Fact]
    public async Task A_hostile_file_name_is_kept_as_sent_and_percent_encoded_in_content_disposition()
    {
        var id = _host.Store.Snapshot()[2].Id;
        const string name = "\"><img src=x onerror=alert(1)>\r\nSet-Cookie: a=b; Å 🙂 % ' .txt";

        using var form = Wire.RawFilePart([1, 2, 3], "form-data; name=\"file\"; filename*=UTF-8''" + Uri.EscapeDataString(name));
        using var upload = await _client.PostAsync($"tickets/{id}/attachments", form, Wire.Ct);
        var attachment = await upload.ReadAsync<AttachmentView>();
        using var response = await _client.GetAsync($"attachments/{attachment.Id}/content", Wire.Ct);

        attachment.FileName.ShouldBe(name);
        var header = response.Content.Headers.GetValues("Content-Disposition").ShouldHaveSingleItem();
        header.ShouldBe(
            "attachment; filename*=UTF-8''%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert%281%29%3E%0D%0ASet-Cookie%3A%20a%3Db%3B%20%C3%85%20%F0%9F%99%82%20%25%20%27%20.txt");
        response.Headers.Contains("Set-Cookie").ShouldBeFalse();
        response.Content.Headers.ContentDisposition!.FileNameStar.ShouldBe(name, "a client decodes the name exactly");
    }

    [Fact]
    public void Content_disposition_leaves_only_rfc_5987_attr_chars_unescaped()
    {
        AttachmentEndpoints.ContentDispositionFor("a-Z_0.9!#$&+^`|~ ()*,/:;<=>?@[]{}\\\"'").ShouldBe(
            "attachment; filename*=UTF-8''a-Z_0.9!#$&+^`|~%20%28%29%2A%2C%2F%3A%3B%3C%3D%3E%3F%40%5B%5D%7B%7D%5C%22%27");
        AttachmentEndpoints.ContentDispositionFor("\ud800x").ShouldBe("attachment; filename*=UTF-8''%EF%BF%BDx", "a broken surrogate becomes U+FFFD");
    }

    [Fact]
    public async Task Lists_every_attachment_of_the_ticket_oldest_first()
    {
        var id = _host.Store.Snapshot()[3].Id;
        for (var i = 0; i < 2; i++)
        {
            (await _client.UploadAsync(id, Wire.Bytes([(byte)i], "application/octet-stream"), $"part-{i}.bin")).Dispose();
        }

        var content = AttachmentContent.FromBytes([2]);
        _host.Store.AddAttachment(id, new NewAttachmentInput("part-2.bin", "application/octet-stream", null, content), null);
        _host.Store.AddAttachment(id, new NewAttachmentInput("part-3.bin", "application/octet-stream", null, content), null);

        using var response = await _client.GetAsync($"tickets/{id}/attachments", Wire.Ct);
        var list = await response.ReadAsync<AttachmentList>();

        list.Data.Select(a => a.FileName).ShouldBe(["part-0.bin", "part-1.bin", "part-2.bin", "part-3.bin"]);
        list.Data.Zip(list.Data.Skip(1)).ShouldAllBe(pair => pair.First.CreatedAt < pair.Second.CreatedAt, "uploaded within one millisecond, still in order");
        (await _client.GetStringAsync($"tickets/{_host.Store.Snapshot()[4].Id}/attachments", Wire.Ct)).ShouldBe("""{"data":[]}""");
    }

    [Fact]
    public async Task The_same_idempotency_key_returns_the_first_attachment_with_200_and_stores_nothing()
    {
        var id = _host.Store.Snapshot()[5].Id;
        var key = Guid.NewGuid().ToString();

        using var first = await _client.UploadAsync(id, Wire.Bytes([1, 2, 3], "image/png"), "a.png", idempotencyKey: key);
        using var second = await _client.UploadAsync(id, Wire.Bytes([4, 5, 6, 7], "image/png"), "b.png", idempotencyKey: key);

        first.StatusCode.ShouldBe(HttpStatusCode.Created);
        second.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await second.ReadAsync<AttachmentView>()).ShouldBe(await first.ReadAsync<AttachmentView>());
        _host.Store.Attachments(id)!.ShouldHaveSingleItem().FileName.ShouldBe("a.png");
        _host.Counters.IdempotentReplays.ShouldBe(1);
    }

    [Fact]
    public async Task A_file_of_exactly_25_MiB_is_accepted()
    {
        var id = _host.Store.Snapshot()[6].Id;

        using var response = await _client.UploadAsync(id, Wire.Bytes(new byte[25 * MiB], "application/octet-stream"), "limit.bin");

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await response.ReadAsync<AttachmentView>()).SizeBytes.ShouldBe(25 * MiB);
    }

    [Fact]
    public async Task A_file_one_byte_over_25_MiB_is_refused_with_413()
    {
        var id = _host.Store.Snapshot()[7].Id;

        using var response = await _client.UploadAsync(id, Wire.Bytes(new byte[(25 * MiB) + 1], "application/octet-stream"), "over.bin");

        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        (await response.ReadAsync<ErrorView>()).Error.Code.ShouldBe("payload_too_large");
        _host.Store.Attachments(id)!.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_file_one_byte_over_25_MiB_without_content_length_is_refused_with_413()
    {
        var id = _host.Store.Snapshot()[8].Id;
        using var form = new MultipartFormDataContent();
        form.Add(Wire.Bytes(new byte[(25 * MiB) + 1], "application/octet-stream"), "file", "over.bin");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"tickets/{id}/attachments") { Content = form };
        request.Headers.TransferEncodingChunked = true;

        using var response = await _client.SendAsync(request, Wire.Ct);

        request.Content.Headers.ContentLength.ShouldBeNull();
        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        _host.Store.Attachments(id)!.ShouldBeEmpty();
    }

    [Fact]
    public async Task An_oversized_content_length_is_refused_before_any_of_the_body_is_read()
    {
        var id = _host.Store.Snapshot()[9].Id;
        using var socket = new TcpClient();
        await socket.ConnectAsync(_host.BaseUrl.Host, _host.BaseUrl.Port, Wire.Ct);
        var stream = socket.GetStream();
        // Only the headers: a server that tried to read the announced 100 MiB would never answer.
        var head = $"POST /tickets/{id}/attachments HTTP/1.1\r\nHost: {_host.BaseUrl.Authority}\r\n"
            + $"Authorization: Bearer {_host.ApiKey}\r\nContent-Type: multipart/form-data; boundary=xyz\r\n"
            + $"Content-Length: {100 * MiB}\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), Wire.Ct);

        using var reader = new StreamReader(stream, Encoding.ASCII);
        var statusLine = await reader.ReadLineAsync(Wire.Ct);

        statusLine.ShouldBe("HTTP/1.1 413 Payload Too Large");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_30_MiB_upload_gets_its_413_whether_the_client_sends_the_body_first_or_waits_for_100_continue(bool expectContinue)
    {
        var id = _host.Store.Snapshot()[15].Id;
        using var form = new MultipartFormDataContent { { Wire.Bytes(new byte[30 * MiB], "application/octet-stream"), "file", "huge.bin" } };
        using var request = new HttpRequestMessage(HttpMethod.Post, $"tickets/{id}/attachments") { Content = form };
        request.Headers.ExpectContinue = expectContinue;

        using var response = await _client.SendAsync(request, Wire.Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        (await response.ReadAsync<ErrorView>()).Error.Message.ShouldContain("25 MiB");
        _host.Store.Attachments(id)!.ShouldBeEmpty();
    }

    [Fact]
    public async Task The_101st_attachment_is_refused_with_422()
    {
        var id = _host.Store.Snapshot()[10].Id;
        var content = AttachmentContent.FromBytes([42]);
        for (var i = 0; i < TicketStore.MaxAttachmentsPerTicket; i++)
        {
            _host.Store.AddAttachment(id, new NewAttachmentInput($"{i}.bin", "application/octet-stream", null, content), null)
                .Outcome.ShouldBe(PostOutcome.Created);
        }

        using var response = await _client.UploadAsync(id, Wire.Bytes([1], "application/octet-stream"), "one-too-many.bin");

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await response.ReadAsync<ErrorView>()).Error.Details.ShouldNotBeNull().ShouldContainKey("file");
        _host.Store.Attachments(id)!.Count.ShouldBe(100);
    }

    [Fact]
    public async Task Rejects_a_body_that_is_not_multipart_or_has_no_named_file_part_with_422()
    {
        var id = _host.Store.Snapshot()[11].Id;
        using var json = await _client.PostJsonAsync($"tickets/{id}/attachments", """{"file":"x"}""");
        using var noFile = new MultipartFormDataContent { { new StringContent("Dana"), "uploaded_by_name" } };
        using var withoutFile = await _client.PostAsync($"tickets/{id}/attachments", noFile, Wire.Ct);
        using var unnamed = new MultipartFormDataContent { { Wire.Bytes([1], "text/plain"), "file" } };
        using var withoutName = await _client.PostAsync($"tickets/{id}/attachments", unnamed, Wire.Ct);

        json.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await json.ReadAsync<ErrorView>()).Error.Details!.ShouldContainKey("body");
        withoutFile.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await withoutFile.ReadAsync<ErrorView>()).Error.Details!.ShouldContainKey("file");
        withoutName.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await withoutName.ReadAsync<ErrorView>()).Error.Details!.ShouldContainKey("file");
        _host.Store.Attachments(id)!.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_part_without_a_content_type_is_stored_as_octet_stream()
    {
        var id = _host.Store.Snapshot()[12].Id;
        var part = new ByteArrayContent([9, 9]);

        using var response = await _client.UploadAsync(id, part, "raw");

        (await response.ReadAsync<AttachmentView>()).ContentType.ShouldBe("application/octet-stream");
    }

    [Fact]
    public async Task Answers_404_for_an_unknown_ticket_or_attachment_and_after_the_ticket_is_deleted()
    {
        var id = _host.Store.Snapshot()[13].Id;
        using var upload = await _client.UploadAsync(id, Wire.Bytes([1], "text/plain"), "gone.txt");
        var attachment = await upload.ReadAsync<AttachmentView>();

        using var unknownUpload = await _client.UploadAsync("tkt_NOPE000000", Wire.Bytes([1], "text/plain"), "x.txt");
        using var unknownList = await _client.GetAsync("tickets/tkt_NOPE000000/attachments", Wire.Ct);
        using var unknownContent = await _client.GetAsync("attachments/att_NOPE000000/content", Wire.Ct);
        _host.Store.Delete(id).ShouldBeTrue();
        using var afterDelete = await _client.GetAsync($"attachments/{attachment.Id}/content", Wire.Ct);

        unknownUpload.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        unknownList.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        unknownContent.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await unknownContent.ReadAsync<ErrorView>()).Error.Code.ShouldBe("not_found");
        afterDelete.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_upload_is_read_as_a_stream_into_segments_without_a_contiguous_copy()
    {
        var bytes = RandomNumberGenerator.GetBytes((3 * AttachmentContent.SegmentSize) + 17);
        using var source = new MemoryStream(bytes);

        var content = (await AttachmentContent.ReadAsync(source, bytes.Length, Wire.Ct)).ShouldNotBeNull();
        using var tooLarge = new MemoryStream(bytes);
        var refused = await AttachmentContent.ReadAsync(tooLarge, bytes.Length - 1, Wire.Ct);

        content.Length.ShouldBe(bytes.Length);
        content.ToArray().ShouldBe(bytes);
        content.Sha256.ShouldBe(Convert.ToHexStringLower(SHA256.HashData(bytes)));
        refused.ShouldBeNull();
        tooLarge.Position.ShouldBe(bytes.Length, "one byte past the limit is read to know it is too large, and nothing more");
    }

    [Fact]
    public async Task A_quoted_plain_file_name_has_its_escapes_undone()
    {
        var id = _host.Store.Snapshot()[14].Id;
        using var form = Wire.RawFilePart([1], "form-data; name=\"file\"; filename=\"say \\\"hi\\\".txt\"");

        using var response = await _client.PostAsync($"tickets/{id}/attachments", form, Wire.Ct);

        (await response.ReadAsync<AttachmentView>()).FileName.ShouldBe("say \"hi\".txt");
    }
}
