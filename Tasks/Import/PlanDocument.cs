namespace RectifyBot.Tasks.Import;

/// <summary>A plan as read from a file: its paragraphs and tables in order, each with where it came from.</summary>
public sealed record PlanDocument(IReadOnlyList<SourceParagraph> Paragraphs, IReadOnlyList<SourceTable> Tables);

/// <summary>A paragraph of text made of one or more pieces, each piece with its location (line 12, paragraph 5).</summary>
public sealed record SourceParagraph(IReadOnlyList<SourcePiece> Pieces)
{
    public string Text => string.Concat(Pieces.Select(p => p.Text));

    public SourceParagraph(string text, string location) : this([new SourcePiece(text, location)])
    {
    }
}

public sealed record SourcePiece(string Text, string Location);

/// <summary>A table: its rows of cell texts and each row's location.</summary>
public sealed record SourceTable(IReadOnlyList<IReadOnlyList<string>> Rows, IReadOnlyList<string> RowLocations);

/// <summary>Something of the list that could not be read, and where.</summary>
public sealed record ImportIssue(string Location, int? TaskNumber, string Field, string Text, string Message)
{
    public override string ToString() =>
        $"{Location}{(TaskNumber is { } n ? $", task {n}" : "")}, {Field}: {Message}{(Text.Length > 0 ? $" «{Shorten(Text)}»" : "")}";

    private static string Shorten(string s) => s.Length <= 60 ? s : s[..57] + "…";
}
