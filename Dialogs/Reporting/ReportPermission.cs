using RectifyBot.Tasks.Model;
using RectifyBot.Tasks.Units;

namespace RectifyBot.Dialogs.Reporting;

public enum ReportRight
{
    /// <summary>The person's unit leads or is responsible for the task.</summary>
    OwnUnit,
    /// <summary>A leader reporting on another unit's task; the report is marked as such.</summary>
    OnBehalf,
    Refused,
}

public static class ReportPermission
{
    public static ReportRight Check(Person person, RectificationTask task, UnitMatcher matcher)
    {
        if (matcher.RoleOf(task, person.Unit) is not null)
        {
            return ReportRight.OwnUnit;
        }
        return person.Role == PersonRole.Leader ? ReportRight.OnBehalf : ReportRight.Refused;
    }
}
