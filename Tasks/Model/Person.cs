namespace RectifyBot.Tasks.Model;

/// <summary>A person in the directory: who they are in Teams, their unit and role.</summary>
public sealed record Person(string? AadObjectId, string? Upn, string Name, string Unit, PersonRole Role)
{
    /// <summary>The key the person is known by: the AAD object id where there is one, else the UPN.</summary>
    public string Key => AadObjectId ?? Upn ?? throw new InvalidOperationException("A person needs an AAD object id or a UPN.");

    /// <summary>Leaders and administrators see every unit's lists; an official sees their own unit's.</summary>
    public bool SeesEveryUnit => Role is PersonRole.Leader or PersonRole.Admin;
}

public enum PersonRole
{
    Official,
    Leader,
    Admin,
}
