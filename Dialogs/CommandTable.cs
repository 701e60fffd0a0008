using System.Text.Json.Nodes;
using RectifyBot.Cards;
using RectifyBot.Cards.Layout;
using RectifyBot.Dialogs.Actions;
using RectifyBot.Dialogs.Flows;
using RectifyBot.Dialogs.Proactive;
using RectifyBot.Dialogs.Queries;
using RectifyBot.Dialogs.Recognition;
using RectifyBot.Dialogs.Reporting;
using RectifyBot.Dialogs.SignOff;
using RectifyBot.Tasks.Model;

namespace RectifyBot.Dialogs;

/// <summary>What each recognized command does: one handler per <see cref="CommandKind"/>, each answering with a <see cref="BotReply"/>.</summary>
public sealed class CommandTable
{
    private readonly Dictionary<CommandKind, Func<FlowTurn, Command, ConversationData, CancellationToken, Task<BotReply>>> _commands;

    public CommandTable(ReportConversation reports, SupervisionQueries queries, CardActionRouter cards, TextAnswers answers, PlanAnswers plan, OutboxAnswers outbox, ReminderSettingsAnswer settings, MuteReminderAnswer mute, DigestChannel digestChannel, MonthlyDigest digest, Notices.NoticeDesk notices, SignOffActions signOff,
        AuditAnswers audit, Filing.QuarterFilingAnswer filing, Files.FileOffers files)
    {
        _commands = new()
        {
            [CommandKind.Help] = async (turn, _, _, ct) => BotReply.Send(Replies.Text(await answers.HelpAsync(turn.Language, ct))),
            [CommandKind.ShowTask] = (turn, command, _, ct) => plan.TaskAsync(turn, command.TaskNumber!.Value, ct),
            [CommandKind.Deadline] = async (turn, command, _, ct) => BotReply.Send(Replies.Text(await plan.DeadlineAsync(turn, command.TaskNumber, ct))),
            [CommandKind.DueSoon] = async (turn, command, _, ct) => BotReply.Lists([await plan.DueSoonAsync(turn, command.WithinDays, 0, ct)]),
            [CommandKind.UnitPicture] = (turn, command, _, ct) => plan.UnitPictureAsync(turn, command.Text, ct),
            [CommandKind.Overview] = (turn, _, _, ct) => plan.OverviewAsync(turn, ct),
            [CommandKind.Greeting] = (turn, command, _, _) => Task.FromResult(plan.Greeting(turn, command.Kind)),
            [CommandKind.Thanks] = (turn, command, _, _) => Task.FromResult(plan.Greeting(turn, command.Kind)),
            [CommandKind.Report] = async (turn, command, _, ct) => await reports.StartAsync(turn, command.TaskNumber, ct) ? BotReply.Send() with { StartsFlow = ReportFlow.FlowName } : BotReply.Send(),
            [CommandKind.ReportInOneSentence] = async (turn, command, _, ct) =>
            {
                await reports.OneSentenceAsync(turn, command.TaskNumber!.Value, command.ReportText!, ct);
                return BotReply.Send();
            },
            [CommandKind.MyTasks] = async (turn, _, _, ct) => BotReply.Lists([await reports.MyTasksAsync(turn, 0, ct)]),
            // A leader whose own unit has no tasks asking what is owed means who still owes: the units not reported.
            [CommandKind.Owed] = async (turn, command, _, ct) => turn.Person.SeesEveryUnit && !await queries.UnitHasTasksAsync(turn.Person.Unit, ct)
                ? BotReply.Lists(await queries.UnfiledAsync(turn, command.Months, 0, ct))
                : BotReply.Send([.. (await queries.OwedAsync(turn, command.Months, ct)).Select(c => Replies.Card(c))]),
            [CommandKind.Overdue] = async (turn, command, _, ct) => BotReply.Lists([await queries.OverdueAsync(turn, await OverdueQueryAsync(queries, turn, command, ct), 0, ct)]),
            [CommandKind.NotReported] = async (turn, command, _, ct) => BotReply.Lists(await queries.UnfiledAsync(turn, command.Months, 0, ct)),
            [CommandKind.DigestChannel] = async (turn, _, _, ct) => BotReply.Send(Replies.Text(await digestChannel.ChooseAsync(turn, ct))),
            [CommandKind.PostDigest] = (turn, _, _, ct) => digest.PreviewAsync(turn, ct),
            [CommandKind.ReminderSettings] = async (turn, _, _, ct) => BotReply.Send(Replies.Text(await settings.DescribeAsync(turn, ct))),
            [CommandKind.MuteReminders] = async (turn, command, _, ct) => BotReply.Send(Replies.Text(await mute.MuteAsync(turn, command.TaskNumber, ct))),
            [CommandKind.UnmuteReminders] = async (turn, command, _, ct) => BotReply.Send(Replies.Text(await mute.UnmuteAsync(turn, command.TaskNumber, ct))),
            [CommandKind.IssueNotice] = (turn, command, _, ct) => notices.StartAsync(turn, command, ct),
            [CommandKind.Notices] = (turn, command, _, ct) => notices.ListAsync(turn, command.TaskNumber, 0, ct),
            [CommandKind.SignOff] = (turn, command, _, ct) => signOff.CommandAsync(turn, command.TaskNumber, ct),
            [CommandKind.Outbox] = async (turn, _, _, ct) => BotReply.Send(Replies.Text(await outbox.DescribeAsync(turn, ct))),
            [CommandKind.More] = async (turn, _, data, ct) => data.LastList is { } list ? await cards.ContinueListAsync(turn, list, ct) : BotReply.Send(Replies.Text(turn.T("noMore"))),
            [CommandKind.Audit] = (turn, command, _, ct) => audit.TrailAsync(turn, command.TaskNumber, 0, ct),
            [CommandKind.QuarterFiling] = (turn, command, _, ct) => filing.AnswerAsync(turn, command.Quarter, ct),
            [CommandKind.Disclose] = (turn, command, _, ct) => files.DiscloseAsync(turn, command.TaskNumber, ct),
            [CommandKind.Clarify] = (turn, command, data, _) => Task.FromResult(Clarify(turn, command, data)),
        };
    }

    public Task<BotReply> RunAsync(FlowTurn turn, Command command, ConversationData data, CancellationToken cancellationToken) =>
        _commands.TryGetValue(command.Kind, out var run)
            ? run(turn, command, data, cancellationToken)
            : Task.FromResult(BotReply.Send(Replies.Text(TextAnswers.Unknown(command.Text, turn.Language))));

    /// <summary>
    /// A meaning chosen on the card that asked back: the message kept for that question is read again with that intent
    /// (its slots as before), answered, and the question replaced by what was chosen. A card older than the person's last
    /// question is not answered from: they are asked to send the message again.
    /// </summary>
    public async Task<BotReply> ChooseAsync(FlowTurn turn, CardData choice, ConversationData data, CancellationToken cancellationToken)
    {
        if (data.Asked is not { } asked || asked.Id != choice.Text("asked"))
        {
            return BotReply.Send(Replies.Text(turn.T("clarify.expired")));
        }
        var kind = CommandRecognizer.KindOf(choice.Text("intent"));
        var command = CommandRecognizer.Read(kind, asked.Text, asked.Text, turn.Today);
        var answer = await RunAsync(turn, command, data, cancellationToken);
        var chosen = ClarifyCard.Title(Choice(command), turn.Language);
        return answer.Replacement is null ? answer with { Replacement = AdaptiveCard.Card([AdaptiveCard.Text(turn.T("clarify.chosen", chosen))]) } : answer;
    }

    /// <summary>Not sure what the message meant: the likeliest meanings as buttons (and as text for clients without cards).</summary>
    private static BotReply Clarify(FlowTurn turn, Command command, ConversationData data)
    {
        data.Asked = new AskedBack { Id = Guid.NewGuid().ToString("N"), Text = command.Original.Length > 0 ? command.Original : command.Text };
        var choices = command.Alternatives.Select(Choice).ToList();
        return BotReply.Send(Replies.Card(ClarifyCard.Build(choices, data.Asked.Id, turn.Language), ClarifyCard.AsText(choices, turn.Language)));
    }

    /// <summary>A meaning to offer: a one-sentence report is chosen as a report (reading the message again finds its text).</summary>
    private static ClarifyChoice Choice(Command command) =>
        new(command.Kind == CommandKind.ReportInOneSentence ? nameof(CommandKind.Report) : command.Kind.ToString(), command.Kind.ToString(), command.TaskNumber);

    /// <summary>The overdue list's filters as the message names them: more than N days, a section, a unit (leaders only).</summary>
    private static async Task<JsonObject> OverdueQueryAsync(SupervisionQueries queries, FlowTurn turn, Command command, CancellationToken cancellationToken)
    {
        var query = new JsonObject();
        if (command.MoreThanDays is { } days)
        {
            query["days"] = days;
        }
        if (command.Section is { } section)
        {
            query["section"] = section;
        }
        if (command.ByUnit)
        {
            query["view"] = "units";
        }
        if (turn.Person.SeesEveryUnit && await queries.FindUnitAsync(command.Text, cancellationToken) is { } unit)
        {
            query["unit"] = unit;
        }
        return query;
    }
}
