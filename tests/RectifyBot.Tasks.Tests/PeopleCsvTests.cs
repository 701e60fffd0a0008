using RectifyBot.Tasks.Import;
using RectifyBot.Tasks.Model;

namespace RectifyBot.Tasks.Tests;

public class PeopleCsvTests
{
    [Fact]
    public void Reads_people_and_rejects_rows_it_cannot_use_with_their_line()
    {
        var csv = PeopleCsvReader.Read(new StringReader("""
            aadObjectId,upn,name,unit,role
            u-water,water@city.gov.cn,张三,市水务局,Official
            ,leader@city.gov.cn,"李四, 组长",市领导小组综合协调组,领导
            ,,王五,市农业农村局,Official
            u-x,not-an-upn,赵六,市城建局,Official
            u-y,,钱七,,Official
            u-z,,孙八,市统计局,Boss
            u-water,,张三,市水务局,Official
            """));
        Assert.Equal(2, csv.People.Count);
        Assert.Equal(new Person(null, "leader@city.gov.cn", "李四, 组长", "市领导小组综合协调组", PersonRole.Leader), csv.People[1]);
        Assert.Equal([4, 5, 6, 7, 8], csv.Rejected.Select(r => r.Line));
        Assert.Contains("aadObjectId or a upn", csv.Rejected[0].Reason);
        Assert.Contains("earlier", csv.Rejected[4].Reason);
    }

    [Fact]
    public void A_file_without_the_header_is_refused_whole() =>
        Assert.Throws<ImportException>(() => PeopleCsvReader.Read(new StringReader("id,name\n1,张三\n")));
}
