using Ticketing.Simulator.Seeding;
using Ticketing.Simulator.Tickets;

namespace Ticketing.Simulator.Tests;

/// <summary>
/// The seeded data carries signal the app's learners can find (issues 18 and 22) and noise they
/// cannot remove: a plain naive Bayes on title and description beats a most-frequent-class guess
/// by a wide margin without reaching 100 %, and resolution times differ by category, priority and
/// department. Trained on the older 80 % and scored on the newest 20 %, as the app's evaluation is.
/// </summary>
public sealed class LearnableDataTests
{
    private static readonly DateTime Now = new(2026, 11, 27, 12, 0, 0, DateTimeKind.Utc);

    private static readonly Lazy<Ticket[]> Seeded = new(() => new TicketSeeder(new TicketContent()).Generate(20_000, 42, Now).Sorted);

    private static Ticket[] Tickets => Seeded.Value;

    [Fact]
    public void Text_predicts_the_category_far_better_than_the_most_frequent_one_but_not_perfectly()
    {
        var score = Evaluate(t => t.Category);

        score.Accuracy.ShouldBeGreaterThan(score.BaselineAccuracy + 0.55);
        score.MacroF1.ShouldBeGreaterThan(score.BaselineMacroF1 + 0.7);
        score.Accuracy.ShouldBeLessThan(0.96, "generic titles and mislabelled tickets cap what text can tell");
    }

    [Fact]
    public void Text_predicts_the_department_better_than_the_most_frequent_one()
    {
        var score = Evaluate(t => t.Department);

        score.Accuracy.ShouldBeGreaterThan(score.BaselineAccuracy + 0.3);
        score.MacroF1.ShouldBeGreaterThan(score.BaselineMacroF1 + 0.4);
        score.Accuracy.ShouldBeLessThan(0.9);
    }

    [Fact]
    public void Text_predicts_the_priority_better_than_the_most_frequent_one()
    {
        var score = Evaluate(t => t.Priority.ToWire());

        score.Accuracy.ShouldBeGreaterThan(score.BaselineAccuracy + 0.15);
        score.MacroF1.ShouldBeGreaterThan(score.BaselineMacroF1 + 0.35);
        score.Accuracy.ShouldBeLessThan(0.95);
    }

    [Fact]
    public void Resolution_times_depend_on_category_priority_and_department()
    {
        var resolved = Tickets.Where(t => t.ResolvedAt is not null).ToList();

        var medium = resolved.Where(t => t.Priority == TicketPriority.Medium).ToList();
        MedianHours(medium.Where(t => t.Category == "Hardware")).ShouldBeGreaterThan(2.5 * MedianHours(medium.Where(t => t.Category == "Access")));
        MedianHours(medium.Where(t => t.Department == "Facilities")).ShouldBeGreaterThan(1.3 * MedianHours(medium.Where(t => t.Department == "IT Operations")));
        MedianHours(resolved.Where(t => t.Priority == TicketPriority.Critical)).ShouldBeLessThan(MedianHours(resolved.Where(t => t.Priority == TicketPriority.Low)) / 10);
        BreachRate(resolved.Where(t => t.Category == "Hardware")).ShouldBeGreaterThan(0.3);
        BreachRate(resolved.Where(t => t.Category == "Access")).ShouldBeLessThan(0.03);
        BreachRate(resolved).ShouldBeInRange(0.08, 0.25);
    }

    [Fact]
    public void Resolved_tickets_have_a_first_public_agent_reply_that_comes_sooner_for_higher_priorities()
    {
        var agents = People.Agents.Select(a => a.Email).ToHashSet();
        var resolved = Tickets.Where(t => t.ResolvedAt is not null).ToList();
        var firstReplies = resolved
            .Select(t => (Ticket: t, Reply: SeededComments.For(t, 42).FirstOrDefault(c => c.Visibility == CommentVisibility.Public && agents.Contains(c.AuthorEmail!))))
            .Where(pair => pair.Reply is not null)
            .ToList();

        ((double)firstReplies.Count / resolved.Count).ShouldBeGreaterThan(0.9);
        firstReplies.ShouldAllBe(pair => pair.Reply!.CreatedAt >= pair.Ticket.CreatedAt && pair.Reply.CreatedAt <= pair.Ticket.ResolvedAt);
        Median(firstReplies.Where(p => p.Ticket.Priority == TicketPriority.Critical).Select(p => (p.Reply!.CreatedAt - p.Ticket.CreatedAt).TotalHours))
            .ShouldBeLessThan(Median(firstReplies.Where(p => p.Ticket.Priority == TicketPriority.Low).Select(p => (p.Reply!.CreatedAt - p.Ticket.CreatedAt).TotalHours)) / 5);
    }

    [Fact]
    public void Seeded_conversations_are_public_and_internal_by_agents_and_requesters_within_the_tickets_lifetime()
    {
        var agents = People.Agents.ToDictionary(a => a.Email);
        var comments = Tickets.Take(3000).SelectMany(t => SeededComments.For(t, 42).Select(c => (Ticket: t, Comment: c))).ToList();

        comments.Count.ShouldBeGreaterThan(3000);
        comments.ShouldContain(p => p.Comment.Visibility == CommentVisibility.Internal);
        comments.ShouldContain(p => p.Comment.AuthorEmail == p.Ticket.RequesterEmail);
        comments.ShouldAllBe(p => p.Comment.TicketId == p.Ticket.Id && p.Comment.Id.StartsWith("cmt_"));
        comments.ShouldAllBe(p => p.Comment.CreatedAt >= p.Ticket.CreatedAt && p.Comment.CreatedAt <= p.Ticket.UpdatedAt);
        comments.Where(p => p.Comment.AuthorEmail != p.Ticket.RequesterEmail)
            .ShouldAllBe(p => agents.ContainsKey(p.Comment.AuthorEmail!) && agents[p.Comment.AuthorEmail!].Name == p.Comment.AuthorName);
        comments.Where(p => p.Comment.Visibility == CommentVisibility.Internal).ShouldAllBe(p => agents.ContainsKey(p.Comment.AuthorEmail!));
        comments.Select(p => p.Comment.Id).Distinct().Count().ShouldBe(comments.Count);
    }

    [Fact]
    public void The_same_seed_gives_the_same_conversations_and_a_change_to_the_ticket_does_not_rewrite_them()
    {
        var again = new TicketSeeder(new TicketContent()).Generate(20_000, 42, Now).Sorted;
        var ticket = Tickets.First(t => SeededComments.For(t, 42).Count >= 3);

        var changed = ticket with { Category = "Telephony", Status = TicketStatus.Open, AssigneeId = null, AssigneeName = null };

        SeededComments.For(again.Single(t => t.Id == ticket.Id), 42).ShouldBe(SeededComments.For(ticket, 42));
        SeededComments.For(changed, 42).ShouldBe(SeededComments.For(ticket, 42));
    }

    private static Evaluation Evaluate(Func<Ticket, string?> label)
    {
        var labelled = Tickets.Where(t => label(t) is not null).OrderBy(t => t.CreatedAt).ToList();
        var cut = labelled.Count * 4 / 5;
        var model = NaiveBayes.Train(labelled.Take(cut).Select(t => (Text(t), label(t)!)));
        var test = labelled.Skip(cut).ToList();
        var actual = test.Select(t => label(t)!).ToList();
        var predicted = test.Select(t => model.Predict(Text(t))).ToList();
        var mostFrequent = labelled.Take(cut).GroupBy(label).OrderByDescending(g => g.Count()).First().Key!;
        var baseline = actual.Select(_ => mostFrequent).ToList();
        return new Evaluation(Accuracy(actual, predicted), MacroF1(actual, predicted), Accuracy(actual, baseline), MacroF1(actual, baseline));
    }

    private static string Text(Ticket ticket) => ticket.Title + " " + ticket.Description;

    private static double Accuracy(List<string> actual, List<string> predicted) =>
        (double)actual.Zip(predicted).Count(pair => pair.First == pair.Second) / actual.Count;

    private static double MacroF1(List<string> actual, List<string> predicted) => actual.Distinct().Average(label =>
    {
        var truePositives = actual.Zip(predicted).Count(pair => pair.First == label && pair.Second == label);
        var predictedCount = predicted.Count(p => p == label);
        var actualCount = actual.Count(a => a == label);
        var precision = predictedCount == 0 ? 0 : (double)truePositives / predictedCount;
        var recall = (double)truePositives / actualCount;
        return precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
    });

    private static double MedianHours(IEnumerable<Ticket> tickets) => Median(tickets.Select(t => (t.ResolvedAt!.Value - t.CreatedAt).TotalHours));

    private static double BreachRate(IEnumerable<Ticket> tickets)
    {
        var withDue = tickets.Where(t => t.DueDate is not null).ToList();
        return (double)withDue.Count(t => t.ResolvedAt > t.DueDate) / withDue.Count;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        sorted.ShouldNotBeEmpty();
        return sorted[sorted.Count / 2];
    }

    private sealed record Evaluation(double Accuracy, double MacroF1, double BaselineAccuracy, double BaselineMacroF1);

    /// <summary>Multinomial naive Bayes over lower-cased word counts with add-one smoothing: the simplest learner worth beating a baseline with.</summary>
    private sealed class NaiveBayes
    {
        private readonly Dictionary<string, double> _priors = [];
        private readonly Dictionary<string, Dictionary<string, double>> _likelihoods = [];
        private readonly Dictionary<string, double> _unseen = [];

        public static NaiveBayes Train(IEnumerable<(string Text, string Label)> examples)
        {
            var model = new NaiveBayes();
            var counts = new Dictionary<string, Dictionary<string, int>>();
            var documents = new Dictionary<string, int>();
            var vocabulary = new HashSet<string>();
            var total = 0;
            foreach (var (text, label) in examples)
            {
                total++;
                documents[label] = documents.GetValueOrDefault(label) + 1;
                var words = counts.TryGetValue(label, out var existing) ? existing : counts[label] = [];
                foreach (var word in Words(text))
                {
                    words[word] = words.GetValueOrDefault(word) + 1;
                    vocabulary.Add(word);
                }
            }

            foreach (var (label, words) in counts)
            {
                var denominator = words.Values.Sum() + vocabulary.Count;
                model._priors[label] = Math.Log((double)documents[label] / total);
                model._likelihoods[label] = words.ToDictionary(pair => pair.Key, pair => Math.Log((pair.Value + 1.0) / denominator));
                model._unseen[label] = Math.Log(1.0 / denominator);
            }

            return model;
        }

        public string Predict(string text)
        {
            var words = Words(text).ToList();
            return _priors.Keys.MaxBy(label => _priors[label] + words.Sum(word => _likelihoods[label].GetValueOrDefault(word, _unseen[label])))!;
        }

        private static string[] Words(string text) =>
            text.ToLowerInvariant().Split((char[])[' ', '.', ',', ';', ':', '!', '?', '"', '(', ')', '—', '-', '\n'], StringSplitOptions.RemoveEmptyEntries);
    }
}
