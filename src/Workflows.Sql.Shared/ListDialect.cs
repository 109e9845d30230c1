namespace Workflows.Backends.SqlCore;

/// <summary>What differs between the backends in the instance list's statement (<see cref="InstanceListSql"/>).</summary>
/// <param name="Columns">The state columns, in the order the backend's row reader expects, id last.</param>
/// <param name="Table">The FROM item that reads the named index (with an index hint where the backend ships one).</param>
/// <param name="IsLatest">The predicate that keeps the latest execution of each instance id.</param>
/// <param name="PrefixMatch">The instance-id prefix predicate, <c>{0}</c> standing for its parameter.</param>
/// <param name="ParameterPrefix">The character that starts a parameter name.</param>
/// <param name="Time">A time filter's parameter value, as the backend stores times.</param>
internal sealed record ListDialect(string Columns, Func<string, string> Table, string IsLatest, string PrefixMatch, char ParameterPrefix, Func<DateTimeOffset, object> Time);
