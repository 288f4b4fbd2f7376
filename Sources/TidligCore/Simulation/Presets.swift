/// The built-in policies, in the tidlig language, each with the seed passages it follows.
///
/// Line numbers refer to `shared/seeds/000_0da0e6aa5992f38b.txt` (the Nes audit, 2025) and
/// `shared/seeds/003_ce51656907ce57b0.txt` (Bærum's answer, 2019). Where the seeds give no
/// figure (a meeting's capacity, a weekday), the comment says the number is an assumption.
public enum PolicyPresets {
    /// `nes`: the Nes routine the audit describes.
    public static let nes = """
        # nes: the routine of Nes municipality as the audit describes it (seeds/000_..., 2025).
        # - "kontaktlærer skal undersøke skolefravær når man blir bekymret, eller etter at eleven
        #   har 15 dagers fravær i løpet av et skoleår. De 15 dagene er en felles tiltaksgrense"
        #   (lines 586-587): the contact teacher maps the causes at 15 days, within a school week.
        # - the action plan (tiltaksplan) on the municipal template, when the mapping shows a need
        #   for coordinated measures: here, when the student is still absent after the mapping.
        # - PPT visits each school "fra hver sjette uke til hver andre uke" (line 926): the school
        #   raises the case with PPT at its next visit (the data's visitEveryDays), BTI level 2.
        # - "tjenestene kan kalle inn til tverrfaglige møter på fredager mellom klokken ni og
        #   elleve. Dette er altså møter på nivå 3 i BTI-modellen" (lines 1018-1020): a BTI level-3
        #   meeting on Fridays 09:00-11:00 with the school health service and the mental health
        #   service. Its capacity (6 cases a week) is an assumption: the audit gives none.
        policy nes "Nes: cause mapping at 15 days, action plan, PPT at its visits, BTI level 3 on Fridays"
          parameter threshold = 15
          parameter slots = 6
          step mapping when days >= threshold by school within 5 school days
          step plan    when after mapping and still absent 2 more days by school within 10 school days
          step ppt     when after plan by ppt bti 2 at visit
          step meeting when after plan and still absent 5 more days
                       by school, school-health, mental-health bti 3
                       at meeting friday 09:00-11:00 capacity slots
        end
        """

    /// `baerum`: Bærum's four phases.
    public static let baerum = """
        # baerum: Bærum's routine in the municipality's answer of 2019 (seeds/003_...).
        # - "Per juni 2019 var det 77 barn som hadde over ti prosent fravær" (line 9): the
        #   threshold is above 10 % of the school days so far. A share of a handful of school days
        #   says little (one sick day in the first week is 20 %), so the preset also asks for 5 days.
        # - "Oppfølgingsarbeidet knyttet til skolefravær er delt inn i fire faser. Fase 1 og 2 er
        #   del av skolens ordinære kvalitetssikring" (line 68): phases 1 and 2 are the school's own.
        # - "Ved bekymring i fase 2 løftes bekymringen over til skolens Ressursteam ... skolenes
        #   ledelse, spesialpedagoger, helsesykepleier og PP-rådgiver" (lines 70-72): phase 3, the
        #   school's resource team with the school nurse and the PPT adviser, one team per school.
        #   Its weekday and capacity (2 cases a week) are assumptions: the answer names neither.
        # - "Dersom det er behov for ytterligere tiltak, trer PP-tjenesten inn som koordinator"
        #   (lines 73-74) and "Fraværssaker prioriteres som hastesaker i PP-tjenesten" (lines
        #   77-78): phase 4, PPT coordinates, urgently: within a school week.
        policy baerum "Bærum: above 10 %, four phases, the school's resource team, PPT coordinates urgently"
          parameter threshold = 10
          parameter slots = 2
          step phase1      when percent > threshold and days >= 5 by school within 5 school days
          step phase2      when after phase1 and still absent 3 more days by school within 10 school days
          step team        when after phase2 and still absent 3 more days
                           by school, school-health, ppt bti 3
                           at meeting wednesday 12:00-14:00 capacity slots per school
          step coordinator when after team and still absent 3 more days by ppt bti 2 within 5 school days
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
