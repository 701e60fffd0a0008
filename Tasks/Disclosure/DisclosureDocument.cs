using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace RectifyBot.Tasks.Disclosure;

/// <summary>
/// Writes a <see cref="DisclosureNotice"/> as a Word document laid out like a Chinese public notice (公文, GB/T 9704):
/// A4 with margins of 37/35/28/26 mm; title in 方正小标宋简体 二号 (22 pt), bold, centered; section headings in 黑体 三号
/// (16 pt); body in 仿宋_GB2312 三号 (16 pt) with a two-character first-line indent and a fixed 28 pt line; the issuing
/// office and date right-aligned at the end. Latin text is Times New Roman. Word substitutes a font the reader lacks.
/// </summary>
public static class DisclosureDocument
{
    private const string TitleFont = "方正小标宋简体";
    private const string HeadingFont = "黑体";
    private const string BodyFont = "仿宋_GB2312";
    private const string LatinFont = "Times New Roman";

    // Half-points: 二号 = 22 pt, 三号 = 16 pt.
    private const string TitleSize = "44";
    private const string BodySize = "32";

    // Twips (1/20 pt; 1 mm ≈ 56.7).
    private const int LineExact = 560; // 28 pt
    private const int TwoCharacters = 640; // two 16 pt characters

    /// <summary>Writes the document to a stream (the caller writes the file, so a failure leaves no half file).</summary>
    public static void Write(DisclosureNotice notice, Stream stream)
    {
        using var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document);
        document.PackageProperties.Title = DisclosureWords.Title(notice);
        document.PackageProperties.Language = "zh-CN";

        var main = document.AddMainDocumentPart();
        var styles = main.AddNewPart<StyleDefinitionsPart>();
        styles.Styles = new Styles(new DocDefaults(
            new RunPropertiesDefault(new RunPropertiesBaseStyle(
                new RunFonts { Ascii = LatinFont, HighAnsi = LatinFont, ComplexScript = LatinFont, EastAsia = BodyFont },
                new FontSize { Val = BodySize },
                new FontSizeComplexScript { Val = BodySize },
                new Languages { Val = "en-US", EastAsia = "zh-CN" })),
            new ParagraphPropertiesDefault(new ParagraphPropertiesBaseStyle(
                new SpacingBetweenLines { Line = LineExact.ToString(), LineRule = LineSpacingRuleValues.Exact, Before = "0", After = "0" }))));

        var body = new Body();
        body.Append(Title(DisclosureWords.Title(notice)));
        body.Append(Text(DisclosureWords.Opening(notice)));

        var headings = DisclosureWords.Headings;
        body.Append(Heading(headings[0]));
        body.Append(Text(notice.Problem));

        body.Append(Heading(headings[1]));
        body.Append(Text(notice.Goal.Length > 0 ? notice.Goal : DisclosureWords.NoGoal));
        if (notice.DeadlineText.Length > 0)
        {
            body.Append(Text(DisclosureWords.Deadline(notice)));
        }

        body.Append(Heading(headings[2]));
        if (notice.Measures.Count == 0)
        {
            body.Append(Text(DisclosureWords.NoMeasures));
        }
        for (var i = 0; i < notice.Measures.Count; i++)
        {
            body.Append(Text(DisclosureWords.Measure(i + 1, notice.Measures[i])));
        }

        body.Append(Heading(headings[3]));
        if (notice.Progress is not { } progress)
        {
            body.Append(Text(DisclosureWords.NotYetReported));
        }
        else
        {
            body.Append(Text(DisclosureWords.Standing(progress)));
            if (progress.CompletedOn is { } completed)
            {
                body.Append(Text(DisclosureWords.CompletedOn(completed)));
            }
            if (progress.LatestSummary.Length > 0)
            {
                body.Append(Text(DisclosureWords.Latest(progress)));
            }
            if (progress.History.Count > 0)
            {
                body.Append(Text(DisclosureWords.HistoryLead));
                foreach (var entry in progress.History)
                {
                    body.Append(Text(DisclosureWords.Entry(entry)));
                }
            }
        }

        body.Append(Heading(headings[4]));
        if (notice.LeadUnits.Length == 0 && notice.ResponsibleUnits.Length == 0)
        {
            body.Append(Text(DisclosureWords.NoUnits));
        }
        if (notice.LeadUnits.Length > 0)
        {
            body.Append(Text(DisclosureWords.Lead(notice.LeadUnits)));
        }
        if (notice.ResponsibleUnits.Length > 0)
        {
            body.Append(Text(DisclosureWords.Responsible(notice.ResponsibleUnits)));
        }

        body.Append(Heading(headings[5]));
        body.Append(Text(DisclosureWords.Period(notice)));

        body.Append(Heading(headings[6]));
        body.Append(Text(DisclosureWords.Feedback(notice)));

        // The signature: a blank line, then the office and the date, right-aligned with a two-character margin.
        body.Append(new Paragraph());
        body.Append(Signature(notice.Office));
        body.Append(Signature(DisclosureWords.Date(notice.From)));

        body.Append(new SectionProperties(
            new PageSize { Width = 11906U, Height = 16838U },
            new PageMargin { Top = 2098, Bottom = 1984, Left = 1588U, Right = 1474U, Header = 851U, Footer = 992U, Gutter = 0U }));
        main.Document = new Document(body);
        main.Document.Save();
    }

    private static Paragraph Title(string text) => new(
        new ParagraphProperties
        {
            SpacingBetweenLines = new SpacingBetweenLines { Line = "240", LineRule = LineSpacingRuleValues.Auto, Before = "0", After = LineExact.ToString() },
            Justification = new Justification { Val = JustificationValues.Center },
        },
        new Run(
            new RunProperties
            {
                RunFonts = new RunFonts { Ascii = LatinFont, HighAnsi = LatinFont, ComplexScript = LatinFont, EastAsia = TitleFont },
                Bold = new Bold(),
                FontSize = new FontSize { Val = TitleSize },
                FontSizeComplexScript = new FontSizeComplexScript { Val = TitleSize },
            },
            new Text(text)));

    private static Paragraph Heading(string text) => new(
        new ParagraphProperties
        {
            KeepNext = new KeepNext(),
            Indentation = new Indentation { FirstLine = TwoCharacters.ToString() },
        },
        new Run(
            new RunProperties { RunFonts = new RunFonts { EastAsia = HeadingFont } },
            new Text(text)));

    private static Paragraph Text(string text) => new(
        new ParagraphProperties
        {
            Indentation = new Indentation { FirstLine = TwoCharacters.ToString() },
            Justification = new Justification { Val = JustificationValues.Both },
        },
        Lines(text));

    /// <summary>A run of text whose line breaks (a summary typed on several lines) stay line breaks.</summary>
    private static Run Lines(string text)
    {
        var run = new Run();
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (i > 0)
            {
                run.Append(new Break());
            }
            run.Append(new Text(lines[i]) { Space = SpaceProcessingModeValues.Preserve });
        }
        return run;
    }

    private static Paragraph Signature(string text) => new(
        new ParagraphProperties
        {
            Indentation = new Indentation { Right = TwoCharacters.ToString() },
            Justification = new Justification { Val = JustificationValues.Right },
        },
        new Run(new Text(text)));
}
