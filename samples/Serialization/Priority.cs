namespace Serialization;

/// <summary>Stored by name ("Express"), not by number, through the converter's options.</summary>
public enum Priority
{
    Standard,
    Express,
}
