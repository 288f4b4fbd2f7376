/// The built-in policies, in the tidlig language, each with the seed passages it follows.
///
/// Line numbers refer to `shared/seeds/000_0da0e6aa5992f38b.txt` (the Nes audit, 2025) and
/// `shared/seeds/003_ce51656907ce57b0.txt` (Bærum's answer, 2019). Where the seeds give no
/// figure (a meeting's capacity, a weekday), the comment says the number is an assumption.
public enum PolicyPresets {
    /// `nes`: the Nes routine the audit describes.
    public static let nes = """
        # nes: the routine of Nes municipality as the audit describes it (seeds/000_..., 2025).
        # Services are named by kind (ppt, school-health, mental-health-family), so the policy
        # runs on a file that calls its PPT "pp-tjenesten"; a file's own ids work too.
        # - "kontaktlærer skal undersøke skolefravær når man blir bekymret, eller etter at eleven
        #   har 15 dagers fravær i løpet av et skoleår" (lines 585-587): the cause mapping starts
        #   at a registered worry (a concern document) or at 15 days, whichever comes first.
        #   Within a school week: an assumption.
        # - a tiltaksplan "hvis skolens eller kontaktlærers undersøkelser avdekker forhold ved
        #   skolefraværet som krever koordinerte tiltak over tid" (lines 628-630): here, when the
        #   student is still absent 2 more days after the mapping, within two school weeks (both
        #   assumptions).
        # - the plan names "når tiltakene skal evalueres" (line 644): the evaluation step follows
        #   on that date, 'evaluate' school days after the plan. 20 (four school weeks) is an
        #   assumption; the audit found plans with no deadline at all (line 690).
        # - PPT visits the schools "fra hver sjette uke til hver andre uke", one school "en dag i
        #   måneden" (lines 926-930): the school raises the case at PPT's next visit, on each
        #   school's own cadence (the school's visitEveryDays in the data, else PPT's), BTI 2.
        # - "tverrfaglige møter på fredager mellom klokken ni og elleve ... nivå 3 i BTI-modellen"
        #   with "de aktuelle tjenestene" (lines 1018-1020): who takes part varies with the case.
        #   Here the school and the school health service always, and the mental health and
        #   family service in lower secondary only (an assumption); child welfare not, "hvis det
        #   ikke er barnevernssak" (lines 1076-1078). Its capacity, 6 cases a week, is an
        #   assumption: the audit gives none.
        policy nes "Nes: mapping at worry or 15 days, action plan and its evaluation, PPT at its visits, BTI 3 on Fridays"
          parameter threshold = 15
          parameter slots = 6
          parameter evaluate = 20
          step mapping    when concern or days >= threshold by school within 5 school days
          step plan       when after mapping and still absent 2 more days by school within 10 school days
          step evaluation when after plan by school within evaluate school days
          step ppt        when after plan by ppt bti 2 at visit
          step meeting    when after plan and still absent 5 more days
                          by school, school-health, mental-health-family if stage = "lower-secondary" bti 3
                          at meeting friday 09:00-11:00 capacity slots
        end
        """

    /// `baerum`: Bærum's four phases.
    public static let baerum = """
        # baerum: Bærum's routine in the municipality's answer of 2019 (seeds/003_...).
        # - "Skolene rapporterer på fravær hvert halvår. Per juni 2019 var det 77 barn som hadde
        #   over ti prosent fravær" (lines 9-10): a half-year statistic, not a trigger. The answer
        #   gives no figure that starts phase 1: here a registered worry (a concern document) or
        #   'threshold' whole days, 10 (an assumption).
        # - "Fase 1 og 2 er del av skolens ordinære kvalitetssikring" (lines 68-69): phases 1 and
        #   2 are the school's own; phase 2 when still absent 3 more days (an assumption).
        # - "Ved bekymring i fase 2 løftes bekymringen over til skolens Ressursteam ... skolenes
        #   ledelse, spesialpedagoger, helsesykepleier og PP-rådgiver" (lines 70-72): phase 3, the
        #   school's resource team with the school nurse and the PPT adviser, one team per school,
        #   when still absent 3 more days (an assumption). Its weekday and capacity (2 cases a
        #   week) are assumptions: the answer names neither.
        # - "Dersom det er behov for ytterligere tiltak, trer PP-tjenesten inn som koordinator"
        #   (lines 73-74), "Fraværssaker prioriteres som hastesaker" (lines 77-78): phase 4 within
        #   a school week, when still absent 3 more days (an assumption). In primary school PPT
        #   coordinates ("Barneskoleteamene i PP-tjenesten", line 10); lower secondary goes to the
        #   health service's team ("ungdomsskoleteam knyttet til Helsetjenester barn og unge",
        #   line 11).
        # - PPT's "kompetanseteam for fravær, som består av fem rådgivere" followed "77 saker"
        #   (lines 76-78): 5 advisers x 15 cases. How long a case keeps its place (80 school days,
        #   about half a school year) is an assumption.
        policy baerum "Bærum: worry or 10 days, two school phases, the resource team, PPT or the health team coordinates"
          parameter threshold = 10
          parameter slots = 2
          parameter team = 5
          parameter caseload = 15
          capacity ppt team advisers x caseload cases for 80 school days
          step phase1      when concern or days >= threshold by school within 5 school days
          step phase2      when after phase1 and still absent 3 more days by school within 10 school days
          step team        when after phase2 and still absent 3 more days
                           by school, school-health, ppt bti 3
                           at meeting wednesday 12:00-14:00 capacity slots per school
          step coordinator when after team and still absent 3 more days and stage = "primary"
                           by ppt bti 2 within 5 school days
          step youth-team  when after team and still absent 3 more days and stage = "lower-secondary"
                           by school-health bti 2 within 5 school days
        end
        """

    /// `actual`: what the data records, one step per kind of document and per service of `data`.
    public static func actual(services: [Service]) -> String {
        var lines = [
            "# actual: what the data's folders and involvements show happened. Each step's date is the",
            "# date of the first document of its kind in the student's folder, or the date the data",
            "# records for the service's involvement; nothing is simulated.",
            "policy actual \"what happened: the folders' documents and the services' involvements\"",
            "  step mapping when recorded cause-mapping by school",
            "  step plan    when recorded action-plan by school",
            "  step meeting when recorded meeting by school",
        ]
        for service in services {
            lines.append("  step \(service.id) when involved \(service.id) by \(service.id)")
        }
        return (lines + ["end"]).joined(separator: "\n")
    }
}
