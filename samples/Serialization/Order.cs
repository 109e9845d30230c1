namespace Serialization;

/// <summary>An order: the card number is what the codec keeps out of the database in plain text.</summary>
public sealed record Order(string Customer, string CardNumber, Money Total, Priority Priority);
