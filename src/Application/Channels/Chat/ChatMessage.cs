using System.Text.Json.Nodes;
using Ticketing.Domain.Channels;

namespace Ticketing.Application.Channels.Chat;

/// <summary>What a chat post says: the headline and the ticket's facts, with a link.</summary>
public sealed record ChatMessage(
    string Headline,
    string? TicketNumber,
    string? TicketTitle,
    string? Status,
    string? Priority,
    string? Assignee,
    string? Link,
    string? Detail)
{
    /// <summary>One line for logs and the admin's failure list.</summary>
    public string Summary => Headline.Length <= 300 ? Headline : Headline[..300];

    /// <summary>The JSON the webhook expects.</summary>
    public string ToPayload(ChatFormat format) => format switch
    {
        ChatFormat.Teams => Teams().ToJsonString(),
        _ => Slack().ToJsonString(),
    };

    private IEnumerable<(string Label, string Value)> Facts()
    {
        if (TicketNumber is not null)
        {
            yield return ("Ticket", TicketNumber);
        }

        if (Status is not null)
        {
            yield return ("Status", Status);
        }

        if (Priority is not null)
        {
            yield return ("Priority", Priority);
        }

        yield return ("Assignee", string.IsNullOrWhiteSpace(Assignee) ? "Unassigned" : Assignee);
    }

    /// <summary>Slack's format (<c>text</c> for notifications and clients without blocks; Mattermost and Rocket.Chat read <c>text</c>).</summary>
    private JsonObject Slack()
    {
        var title = TicketTitle is null ? "" : $"\n*{Escape(TicketTitle)}*";
        var link = Link is null ? "" : $"\n<{Link}|Open {Escape(TicketNumber ?? "in Ticketing")}>";
        var facts = string.Join(" · ", Facts().Select(f => $"{f.Label}: {Escape(f.Value)}"));
        var text = $"{Escape(Headline)}{title}\n{facts}{(Detail is null ? "" : "\n" + Escape(Detail))}{link}";
        var blocks = new JsonArray
        {
            new JsonObject { ["type"] = "section", ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = $"*{Escape(Headline)}*{title}" } },
            new JsonObject
            {
                ["type"] = "section",
                ["fields"] = new JsonArray([.. Facts().Select(f => (JsonNode)new JsonObject { ["type"] = "mrkdwn", ["text"] = $"*{f.Label}*\n{Escape(f.Value)}" })]),
            },
        };
        if (Link is not null)
        {
            blocks.Add(new JsonObject
            {
                ["type"] = "actions",
                ["elements"] = new JsonArray(new JsonObject
                {
                    ["type"] = "button",
                    ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = $"Open {TicketNumber ?? "in Ticketing"}" },
                    ["url"] = Link,
                }),
            });
        }

        return new JsonObject { ["text"] = text, ["blocks"] = blocks };
    }

    /// <summary>Teams: an Adaptive Card in a message, which Teams' incoming webhooks and workflows accept.</summary>
    private JsonObject Teams()
    {
        var body = new JsonArray
        {
            new JsonObject { ["type"] = "TextBlock", ["text"] = Headline, ["weight"] = "Bolder", ["size"] = "Medium", ["wrap"] = true },
        };
        if (TicketTitle is not null)
        {
            body.Add(new JsonObject { ["type"] = "TextBlock", ["text"] = TicketTitle, ["wrap"] = true });
        }

        body.Add(new JsonObject
        {
            ["type"] = "FactSet",
            ["facts"] = new JsonArray([.. Facts().Select(f => (JsonNode)new JsonObject { ["title"] = f.Label, ["value"] = f.Value })]),
        });
        if (Detail is not null)
        {
            body.Add(new JsonObject { ["type"] = "TextBlock", ["text"] = Detail, ["wrap"] = true, ["isSubtle"] = true });
        }

        var card = new JsonObject
        {
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["type"] = "AdaptiveCard",
            ["version"] = "1.4",
            ["body"] = body,
        };
        if (Link is not null)
        {
            card["actions"] = new JsonArray(new JsonObject { ["type"] = "Action.OpenUrl", ["title"] = $"Open {TicketNumber ?? "in Ticketing"}", ["url"] = Link });
        }

        return new JsonObject
        {
            ["type"] = "message",
            ["summary"] = Headline,
            ["attachments"] = new JsonArray(new JsonObject { ["contentType"] = "application/vnd.microsoft.card.adaptive", ["content"] = card }),
        };
    }

    /// <summary>Slack's three control characters; everything else is literal.</summary>
    private static string Escape(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
