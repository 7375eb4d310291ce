namespace Ticketing.Application.Triage;

/// <summary>
/// The keyword baseline, and the source of each suggestion's "strongest words": per class, the words
/// whose share among that class's tickets most exceeds their share overall (smoothed log ratio, words
/// seen in at least <see cref="MinimumTickets"/> tickets). It predicts the class whose keywords the text
/// holds most weight of, and the commonest class when it holds none.
/// </summary>
public sealed class KeywordRule
{
    public const int MinimumTickets = 5;
    public const int WordsPerClass = 40;

    private readonly Dictionary<string, IReadOnlyDictionary<string, double>> keywords;
    private readonly string fallback;

    public KeywordRule(IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> keywords, string fallback)
    {
        this.keywords = keywords.ToDictionary(k => k.Key, k => k.Value, StringComparer.Ordinal);
        this.fallback = fallback;
    }

    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> Keywords => keywords;

    public static KeywordRule Learn(IEnumerable<(string Text, string Label)> examples)
    {
        var labelCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        var wordCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        var wordLabelCounts = new Dictionary<(string Word, string Label), int>();
        var total = 0;
        foreach (var (text, label) in examples)
        {
            total++;
            labelCounts[label] = labelCounts.GetValueOrDefault(label) + 1;
            foreach (var word in TriageText.Words(text).Distinct(StringComparer.Ordinal))
            {
                wordCounts[word] = wordCounts.GetValueOrDefault(word) + 1;
                wordLabelCounts[(word, label)] = wordLabelCounts.GetValueOrDefault((word, label)) + 1;
            }
        }

        var result = new Dictionary<string, IReadOnlyDictionary<string, double>>(StringComparer.Ordinal);
        foreach (var (label, labelCount) in labelCounts)
        {
            var labelShare = (double)labelCount / total;
            result[label] = wordLabelCounts
                .Where(p => p.Key.Label == label && wordCounts[p.Key.Word] >= MinimumTickets)
                .Select(p => (p.Key.Word, Weight: Math.Log((p.Value + 1.0) / (wordCounts[p.Key.Word] * labelShare + 1.0))))
                .Where(p => p.Weight > 0.5)
                .OrderByDescending(p => p.Weight)
                .ThenBy(p => p.Word, StringComparer.Ordinal)
                .Take(WordsPerClass)
                .ToDictionary(p => p.Word, p => Math.Round(p.Weight, 3), StringComparer.Ordinal);
        }

        var commonest = labelCounts.Count == 0
            ? string.Empty
            : labelCounts.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).First().Key;
        return new KeywordRule(result, commonest);
    }

    public string Predict(string text)
    {
        var words = TriageText.Words(text).ToHashSet(StringComparer.Ordinal);
        var best = fallback;
        var bestScore = 0.0;
        foreach (var (label, weights) in keywords.OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            var score = 0.0;
            foreach (var (word, weight) in weights)
            {
                if (words.Contains(word))
                {
                    score += weight;
                }
            }

            if (score > bestScore)
            {
                best = label;
                bestScore = score;
            }
        }

        return best;
    }

    /// <summary>The input's words most associated with <paramref name="label"/>, strongest first.</summary>
    public IReadOnlyList<string> StrongestWords(string label, IReadOnlyList<string> inputWords, int count) =>
        keywords.TryGetValue(label, out var weights)
            ? inputWords.Where(weights.ContainsKey).OrderByDescending(w => weights[w]).Take(count).ToList()
            : [];
}
