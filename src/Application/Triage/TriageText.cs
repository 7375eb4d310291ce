namespace Ticketing.Application.Triage;

/// <summary>
/// Words as the keyword baseline and the "strongest words" see them: lower-case runs of letters and
/// digits, two characters or more, without the commonest English words.
/// </summary>
public static class TriageText
{
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "the", "and", "for", "with", "that", "this", "is", "it", "in", "on", "of", "to", "a", "an", "my", "me", "we",
        "our", "be", "are", "was", "not", "no", "can", "cannot", "please", "help", "since", "from", "at", "as", "or",
        "but", "have", "has", "had", "you", "your", "any", "all", "when", "time", "will", "would", "could", "there",
        "they", "them", "do", "does", "did", "so", "if", "by", "up", "out", "get", "got", "now", "just", "still",
    };

    public static IEnumerable<string> Words(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            yield break;
        }

        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var isWordChar = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (isWordChar && start < 0)
            {
                start = i;
            }
            else if (!isWordChar && start >= 0)
            {
                if (i - start >= 2)
                {
                    var word = text[start..i].ToLowerInvariant();
                    if (!StopWords.Contains(word))
                    {
                        yield return word;
                    }
                }

                start = -1;
            }
        }
    }

    /// <summary>The distinct words of a suggestion's input, title first.</summary>
    public static IReadOnlyList<string> DistinctWords(TriageInput input) =>
        Words(input.Title).Concat(Words(input.Description)).Distinct(StringComparer.Ordinal).ToList();
}
