// Evaluation corpus: culture-sensitive text, local time zones and per-process hash codes.

// @fragment K01 bad direct WF1017
public static class K01
{
    [Workflow]
    public static Task<double> Price(WorkflowContext ctx, string amount) => Task.FromResult(double.Parse(amount) * 1.2);
}

// @fragment K02 bad direct WF1017
public static class K02
{
    [Workflow]
    public static Task Bill(WorkflowContext ctx, decimal total) => ctx.ExecuteActivityAsync("Bill", null, total.ToString("C"));
}

// @fragment K03 bad helper WF1017
public static class K03
{
    [Workflow]
    public static Task Bill(WorkflowContext ctx, decimal total) => ctx.ExecuteActivityAsync("Bill", null, Line(total));

    private static string Line(decimal total) => string.Format("Total: {0:N2}", total);
}

// @fragment K04 bad direct WF1017
public static class K04
{
    [Workflow]
    public static Task Audit(WorkflowContext ctx, double ratio) => ctx.ExecuteActivityAsync("Audit", null, $"ratio {ratio}");
}

// @fragment K05 bad direct WF1017
public static class K05
{
    [Workflow]
    public static Task<bool> IsAdmin(WorkflowContext ctx, string role) => Task.FromResult(role.ToUpper() == "ADMIN");
}

// @fragment K06 bad helper WF1017
public static class K06
{
    [Workflow]
    public static Task<string[]> Sort(WorkflowContext ctx, string[] names)
    {
        Array.Sort(names, Compare);
        return Task.FromResult(names);
    }

    private static int Compare(string a, string b) => string.Compare(a, b);
}

// @fragment K07 bad helper WF1017
public static class K07
{
    [Workflow]
    public static Task<DateTime> Due(WorkflowContext ctx, string text) => Task.FromResult(ParseDue(text));

    private static DateTime ParseDue(string text) => DateTime.Parse(text);
}

// @fragment K08 bad direct WF1017
public static class K08
{
    [Workflow]
    public static Task<double> Rate(WorkflowContext ctx, string text) => Task.FromResult(Convert.ToDouble(text));
}

// @fragment K09 bad lambda WF1017
public static class K09
{
    [Workflow]
    public static Task<string[]> Labels(WorkflowContext ctx, DateTime[] dates) =>
        Task.FromResult(dates.Select(d => $"due {d}").ToArray());
}

// @fragment K10 bad direct WF1017
public static class K10
{
    [Workflow]
    public static Task<string> Label(WorkflowContext ctx, decimal amount) => Task.FromResult("amount: " + amount);
}

// @fragment K11 bad direct WF1017
public static class K11
{
    [Workflow]
    public static Task<bool> IsInternal(WorkflowContext ctx, string email) => Task.FromResult(email.EndsWith("@contoso.com"));
}

// @fragment K12 bad direct WF1017
public static class K12
{
    [Workflow]
    public static Task<string> Count(WorkflowContext ctx, int items) => Task.FromResult(items.ToString("N0"));
}

// @fragment K13 bad registered WF1017
public static class K13
{
    public static void Register(Workflows.Worker.WorkflowRegistry registry) =>
        registry.AddWorkflow("Parse", (WorkflowContext ctx, string text) =>
            Task.FromResult(DateTime.TryParse(text, out var when) ? when : DateTime.MinValue));
}

// @fragment K14 bad local WF1017
public static class K14
{
    [Workflow]
    public static Task<string> Show(WorkflowContext ctx, float weight)
    {
        string Format() => weight.ToString();
        return Task.FromResult(Format());
    }
}

// @fragment K15 bad direct WF1017
public static class K15
{
    [Workflow]
    public static Task<string> Elapsed(WorkflowContext ctx, TimeSpan span) => Task.FromResult(span.ToString("g"));
}

// @fragment K16 bad direct WF1017
public static class K16
{
    [Workflow]
    public static Task<int> Rank(WorkflowContext ctx, string a, string b) => Task.FromResult(a.CompareTo(b));
}

// @fragment K17 bad direct WF1017
public static class K17
{
    [Workflow]
    public static Task<int> Find(WorkflowContext ctx, string text) => Task.FromResult(text.IndexOf("total"));
}

// @fragment K18 bad helper WF1017
public static class K18
{
    [Workflow]
    public static Task<string> Key(WorkflowContext ctx, string name) => Task.FromResult(Normalize(name));

    private static string Normalize(string name) => name.Trim().ToLower();
}

// @fragment K19 bad direct WF1017
public static class K19
{
    [Workflow]
    public static Task<decimal> Parse(WorkflowContext ctx, string text) =>
        Task.FromResult(decimal.Parse(text, System.Globalization.NumberStyles.Currency));
}

// @fragment K20 bad direct WF1017
public static class K20
{
    [Workflow]
    public static Task<string> Stamp(WorkflowContext ctx) => Task.FromResult(ctx.Now.ToString());
}

// @fragment K21 bad direct WF1017
public static class K21
{
    [Workflow]
    public static Task<string> Line(WorkflowContext ctx, double price)
    {
        var builder = new System.Text.StringBuilder();
        builder.AppendFormat("{0:F2}", price);
        return Task.FromResult(builder.ToString());
    }
}

// @fragment Z01 bad direct WF1018
public static class Z01
{
    [Workflow]
    public static Task<int> Hour(WorkflowContext ctx) => Task.FromResult(ctx.Now.LocalDateTime.Hour);
}

// @fragment Z02 bad helper WF1018
public static class Z02
{
    [Workflow]
    public static Task<string> Zone(WorkflowContext ctx) => Task.FromResult(Name());

    private static string Name() => TimeZoneInfo.Local.Id;
}

// @fragment Z03 bad direct WF1018
public static class Z03
{
    [Workflow]
    public static Task<DateTime> Local(WorkflowContext ctx, DateTime due) => Task.FromResult(due.ToLocalTime());
}

// @fragment Z04 bad direct WF1018
public static class Z04
{
    [Workflow]
    public static Task<DateTime> Convert(WorkflowContext ctx, DateTime due, string zoneId) =>
        Task.FromResult(TimeZoneInfo.ConvertTime(due, TimeZoneInfo.FindSystemTimeZoneById(zoneId)));
}

// @fragment Z05 bad lambda WF1018
public static class Z05
{
    [Workflow]
    public static Task<DateTime[]> Utc(WorkflowContext ctx, DateTime[] times) =>
        Task.FromResult(times.Select(t => TimeZoneInfo.ConvertTimeToUtc(t)).ToArray());
}

// @fragment Z06 bad direct WF1018
public static class Z06
{
    [Workflow]
    public static Task<bool> Summer(WorkflowContext ctx, DateTime day) => Task.FromResult(day.IsDaylightSavingTime());
}

// @fragment Z07 bad registered WF1018
public static class Z07
{
    public static void Register(Workflows.Worker.WorkflowRegistry registry) =>
        registry.AddWorkflow("Local", (WorkflowContext ctx) => Task.FromResult(ctx.Now.ToLocalTime()));
}

// @fragment H01 bad direct WF1019
public static class H01
{
    [Workflow]
    public static Task Route(WorkflowContext ctx, string customer) =>
        ctx.ExecuteActivityAsync("Route", null, Math.Abs(customer.GetHashCode()) % 8);
}

// @fragment H02 bad helper WF1019
public static class H02
{
    [Workflow]
    public static Task<int> Key(WorkflowContext ctx, string a, string b) => Task.FromResult(Combine(a, b));

    private static int Combine(string a, string b) => HashCode.Combine(a, b);
}

// @fragment H03 bad direct WF1019
public sealed class H03Basket
{
    public List<string> Items { get; } = new();
}

public static class H03
{
    [Workflow]
    public static Task<int> Id(WorkflowContext ctx) => Task.FromResult(new H03Basket().GetHashCode());
}

// @fragment H04 bad direct WF1019
public static class H04
{
    [Workflow]
    public static Task<int> Bucket(WorkflowContext ctx, string key) =>
        Task.FromResult(StringComparer.OrdinalIgnoreCase.GetHashCode(key) & 15);
}

// @fragment H05 bad lambda WF1019
public static class H05
{
    [Workflow]
    public static Task<string[]> Order(WorkflowContext ctx, string[] names) =>
        Task.FromResult(names.OrderBy(n => n.GetHashCode()).ToArray());
}

// @fragment H06 bad local WF1019
public static class H06
{
    [Workflow]
    public static Task<int> Seed(WorkflowContext ctx, string name, int day)
    {
        int Hash()
        {
            var hash = new HashCode();
            hash.Add(name);
            hash.Add(day);
            return hash.ToHashCode();
        }

        return Task.FromResult(Hash());
    }
}

// @fragment G50 good direct
public static class G50
{
    [Workflow]
    public static Task<double> Price(WorkflowContext ctx, string amount) =>
        Task.FromResult(double.Parse(amount, System.Globalization.CultureInfo.InvariantCulture));
}

// @fragment G51 good direct
public static class G51
{
    [Workflow]
    public static Task<string> Name(WorkflowContext ctx, int id, Guid key, bool flag) =>
        Task.FromResult($"order-{id}-{key:N}-{flag}" + id.ToString() + key.ToString("D"));
}

// @fragment G52 good direct
public static class G52
{
    [Workflow]
    public static Task<string> Stamp(WorkflowContext ctx, DateTime due) =>
        Task.FromResult($"{ctx.Now:O} {due:o} {due.ToString("s")}");
}

// @fragment G53 good direct
public static class G53
{
    [Workflow]
    public static Task<string> Line(WorkflowContext ctx, decimal total) =>
        Task.FromResult(FormattableString.Invariant($"Total: {total:N2}") + string.Create(System.Globalization.CultureInfo.InvariantCulture, $" ({total})"));
}

// @fragment G54 good direct
public static class G54
{
    [Workflow]
    public static Task<bool> Check(WorkflowContext ctx, string role, string email) =>
        Task.FromResult(role.ToUpperInvariant() == "ADMIN"
            && email.EndsWith("@contoso.com", StringComparison.OrdinalIgnoreCase)
            && string.Equals(role, "admin", StringComparison.OrdinalIgnoreCase)
            && email.Contains("@")
            && email.StartsWith('a'));
}

// @fragment G55 good direct
public static class G55
{
    [Workflow]
    public static Task<int> Parse(WorkflowContext ctx, string count, string day) =>
        Task.FromResult(int.Parse(count) + (int)Enum.Parse<DayOfWeek>(day) + Convert.ToInt32(count));
}

// @fragment G56 good direct
public static class G56
{
    [Workflow]
    public static Task<string> Join(WorkflowContext ctx, string sku, int quantity, DayOfWeek day) =>
        Task.FromResult(string.Format("{0} x {1} on {2}", sku, quantity, day) + day.ToString() + "#" + quantity);
}

// @fragment G57 good direct
public static class G57
{
    [Workflow]
    public static Task<string[]> Sort(WorkflowContext ctx, string[] names)
    {
        Array.Sort(names, StringComparer.Ordinal);
        return Task.FromResult(names.OrderBy(n => n, StringComparer.Ordinal).ToArray());
    }
}

// @fragment G58 good activity
public static class G58
{
    [Workflow]
    public static Task<string> Receipt(WorkflowContext ctx, decimal total) => ctx.ExecuteActivityAsync<string>("Render", null, total);

    [Activity]
    public static string Render(decimal total) => $"{total:C} on {DateTime.Now}";
}

// @fragment G59 good direct
public static class G59
{
    [Workflow]
    public static Task<string> Show(WorkflowContext ctx, double weight, TimeSpan span) =>
        Task.FromResult(weight.ToString("F1", System.Globalization.CultureInfo.InvariantCulture) + span.ToString() + span.ToString("c") + $"{span}");
}

// @fragment G60 good direct
public static class G60
{
    [Workflow]
    public static Task<DateTimeOffset> Convert(WorkflowContext ctx, string zoneId)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        return Task.FromResult(TimeZoneInfo.ConvertTime(ctx.Now, zone));
    }
}

// @fragment G61 good direct
public static class G61
{
    [Workflow]
    public static Task<DateTime> Convert(WorkflowContext ctx, DateTime utc, string zoneId)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var local = TimeZoneInfo.ConvertTimeFromUtc(utc, zone);
        return Task.FromResult(TimeZoneInfo.ConvertTime(local, zone, TimeZoneInfo.Utc));
    }
}

// @fragment G62 good direct
public static class G62
{
    [Workflow]
    public static Task<DateTime> Utc(WorkflowContext ctx) => Task.FromResult(ctx.Now.UtcDateTime.Date.AddHours(ctx.Now.Offset.Hours));
}

// @fragment G63 good outside
public static class G63
{
    public static string LocalClock() => DateTime.UtcNow.ToLocalTime().ToString() + TimeZoneInfo.Local.Id;
}

// @fragment G64 good direct
public sealed class G64Line(string sku, int quantity)
{
    public string Sku { get; } = sku;

    public int Quantity { get; } = quantity;

    public override bool Equals(object? obj) => obj is G64Line other && other.Sku == Sku && other.Quantity == Quantity;

    public override int GetHashCode() => HashCode.Combine(Sku.GetHashCode(), Quantity);
}

public static class G64
{
    [Workflow]
    public static Task<int> Count(WorkflowContext ctx, string sku) =>
        Task.FromResult(new HashSet<G64Line> { new(sku, 1), new(sku, 1) }.Count);
}

// @fragment G65 good direct
public record G65Sku(string Code);

public static class G65
{
    [Workflow]
    public static Task<int> Hash(WorkflowContext ctx, int n, Guid id, DayOfWeek day) =>
        Task.FromResult(n.GetHashCode() ^ id.GetHashCode() ^ day.GetHashCode() ^ 17L.GetHashCode());
}

// @fragment G66 good direct
public static class G66
{
    [Workflow]
    public static Task<int> Shard(WorkflowContext ctx, string customer)
    {
        var digest = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(customer));
        return Task.FromResult(digest[0] % 8);
    }
}

// @fragment G67 good direct
public sealed class G67Comparer : IEqualityComparer<string>
{
    public bool Equals(string? x, string? y) => string.Equals(x, y, StringComparison.OrdinalIgnoreCase);

    public int GetHashCode(string obj) => StringComparer.OrdinalIgnoreCase.GetHashCode(obj);
}

public static class G67
{
    [Workflow]
    public static Task<int> Distinct(WorkflowContext ctx, string[] names) =>
        Task.FromResult(names.Distinct(new G67Comparer()).Count());
}

// @fragment G68 good activity
public static class G68
{
    [Workflow]
    public static Task<int> Bucket(WorkflowContext ctx, string key) => ctx.ExecuteActivityAsync<int>("Hash", null, key);

    [Activity]
    public static int Hash(string key) => key.GetHashCode() & 15;
}

// @fragment G69 good sideeffect
public static class G69
{
    [Workflow]
    public static async Task<string> Zone(WorkflowContext ctx) => await ctx.SideEffectAsync(() => TimeZoneInfo.Local.Id);
}
