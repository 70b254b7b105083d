# ruff: noqa: E501  (user-facing sentences read better unbroken)
"""The words of the terminal interface, in Dutch (default) and English.

Every text a user sees comes from here through :func:`t`. Checklist texts (titles, statements,
scale labels) come from the checklist itself; :func:`local` picks the English translation that
stands beside a Dutch text when the language is English and one exists.
"""

from __future__ import annotations

from typing import Any, get_args

from norm.labels import Language, label
from tui.safe_text import terminal_safe

LANGUAGES: tuple[Language, ...] = get_args(Language)
DEFAULT_LANGUAGE: Language = "nl"

NL: dict[str, str] = {
    # application
    "app.title": "weerbaar",
    "app.subtitle": "Zelfevaluatie Utrechtse Weerbaarheidsnorm",
    "app.palette_placeholder": "Zoek een opdracht…",
    "app.no_checklists": "Er zijn nog geen checklists in de database. Voer 'weerbaar init' uit.",
    "app.db_error": "De database kan niet worden geopend: {error}",
    "app.unexpected": "Er ging iets mis: {error}",
    "app.language_set": "Taal: Nederlands.",
    "app.quit_hint": "Afsluiten doet u met Ctrl+Q (alles is al opgeslagen).",
    # bindings (footer, help, command palette)
    "b.quit": "Afsluiten",
    "b.quit.tip": "Sla alles op en sluit weerbaar af.",
    "b.help": "Help",
    "b.help.tip": "Toon de toetsen en uitleg van dit scherm.",
    "b.palette": "Opdrachten",
    "b.palette.tip": "Zoek en kies een opdracht.",
    "b.new": "Nieuw",
    "b.new.tip": "Begin een nieuwe beoordeling voor de gekozen organisatie.",
    "b.open": "Openen",
    "b.choose": "Kiezen",
    "b.choose.tip": "Kies deze organisatie.",
    "b.open.tip": "Open de gekozen beoordeling.",
    "b.result": "Resultaat",
    "b.result.tip": "Toon score, basisnorm, groeifase en tekorten.",
    "b.delete": "Verwijderen",
    "b.delete.tip": "Verwijder de gekozen conceptbeoordeling of inzending (na bevestiging).",
    "b.share": "Delen",
    "b.share.tip": "Kies hoe de gekozen beoordeling gedeeld mag worden.",
    "b.filter_orgs": "Zoek organisatie",
    "b.filter_orgs.tip": "Typ een deel van de naam of de code van de organisatie.",
    "b.org_down": "Volgende organisatie",
    "b.org_up": "Vorige organisatie",
    "b.to_table": "Naar beoordelingen",
    "b.to_table.tip": "Ga naar de lijst met beoordelingen van de organisatie.",
    "b.level": "Niveau",
    "b.level.tip": "Geef de maatregel dit niveau.",
    "b.nvt": "N.v.t.",
    "b.nvt.tip": "Markeer de maatregel als niet van toepassing (met reden).",
    "b.clear": "Wissen",
    "b.clear.tip": "Wis het niveau of n.v.t. van de maatregel (tekst blijft staan).",
    "b.review": "Bevestigen",
    "b.review.tip": "Bevestig een overgenomen antwoord zonder het te wijzigen.",
    "b.next_open": "Volgende open",
    "b.next_open.tip": "Spring naar de volgende maatregel zonder antwoord.",
    "b.filter": "Filter",
    "b.filter.tip": "Wissel het filter: alles, alleen open, alleen onder streefniveau, te bevestigen.",
    "b.search": "Zoeken",
    "b.search.tip": "Zoek een maatregel op code of woorden.",
    "b.comment": "Toelichting",
    "b.comment.tip": "Ga naar het veld voor de toelichting.",
    "b.evidence": "Bewijs",
    "b.evidence.tip": "Ga naar het veld voor het bewijs.",
    "b.action": "Verbeteractie",
    "b.action.tip": "Ga naar de verbeteractie van de maatregel.",
    "b.tree": "Lijst tonen/verbergen",
    "b.tree.tip": "Verberg of toon de lijst met maatregelen.",
    "b.finalise": "Afronden",
    "b.finalise.tip": "Controleer of alles is ingevuld en maak de beoordeling definitief.",
    "b.save": "Opslaan",
    "b.save.tip": "Sla direct op (dit gebeurt ook vanzelf tijdens het typen).",
    "b.back": "Terug",
    "b.done": "Klaar",
    "b.done.tip": "Terug naar de lijst met maatregelen (de tekst is al opgeslagen).",
    "b.back.tip": "Terug naar het vorige scherm.",
    "b.close": "Sluiten",
    "b.close.tip": "Sluit dit venster.",
    "b.language": "Language: English",
    "b.language.tip": "Switch the interface to English.",
    "b.edit": "Maatregelen",
    "b.edit.tip": "Open de maatregelen van deze beoordeling.",
    "b.theme": "Kleuren",
    "b.theme.tip": "Kies een ander kleurenschema.",
    "b.export": "Exporteren",
    "b.export.tip": "Schrijf de gekozen beoordeling als inzending voor provincie of RIEC.",
    "b.import": "Importeren",
    "b.import.tip": "Lees inzendingen (bestanden of een map) in.",
    "b.collection": "Inzamelronde",
    "b.collection.tip": "Wie heeft voor een checklist en periode ingediend, en wie ontbreekt.",
    "b.only_missing": "Alleen ontbrekend",
    "b.only_missing.tip": "Toon alleen de organisaties die nog niets hebben ingediend.",
    "export.title": "Exporteren als inzending",
    "export.what": "{name} — {checklist} {period} ({status})",
    "export.concept": "Let op: dit is een concept. De provincie telt alleen definitieve beoordelingen mee.",
    "export.sharing": "Hoe mag de ontvanger deze beoordeling gebruiken?",
    "export.scrub": "Zonder toelichting, bewijs, namen en verbeteracties",
    "export.file": "Bestand",
    "export.go": "Exporteren",
    "export.choose_sharing": "Kies hoe de ontvanger de beoordeling mag gebruiken: geaggregeerd of benoemd.",
    "export.no_path": "Geef de naam van het bestand.",
    "export.done": "Inzending geschreven naar {path} (deelniveau {sharing}).",
    "b.report": "Rapport",
    "b.report.tip": "Sla een rapport van deze beoordeling op als bestand (HTML, Markdown, PDF, Excel of CSV).",
    "report.title": "Rapport opslaan",
    "report.what": "{name} — {checklist} {period}",
    "report.kind": "Rapport",
    "report.format": "Formaat",
    "report.file": "Bestand",
    "report.go": "Opslaan",
    "report.no_path": "Geef de naam van het bestand.",
    "report.no_folder": "De map {folder} bestaat niet.",
    "report.done": "Rapport geschreven naar {path}.",
    "import.title": "Inzendingen importeren",
    "import.text": "Geef een inzending (.json) of een map met inzendingen. Een geweigerd bestand verandert niets; hetzelfde bestand twee keer inlezen ook niet.",
    "import.path": "Bestand of map",
    "import.placeholder": "bijvoorbeeld C:\\Inzendingen of ~/inzendingen",
    "import.go": "Importeren",
    "import.no_path": "Geef een bestand of map.",
    "import.busy": "Bezig met inlezen…",
    "import.summary": "{total} bestand(en): {new} nieuw, {updated} bijgewerkt, {same} ongewijzigd, {refused} geweigerd.",
    "import.outcome.nieuw": "nieuw",
    "import.outcome.bijgewerkt": "bijgewerkt",
    "import.outcome.ongewijzigd": "ongewijzigd",
    "import.outcome.geweigerd": "geweigerd",
    "collection.title": "Inzamelronde",
    "collection.checklist": "Checklist",
    "collection.period": "Periode",
    "collection.summary": "Periode {period}: {submitted} van {expected} referentieorganisaties hebben een beoordeling, {counted} daarvan definitief en gedeeld (tellen mee), {missing} ontbreken.",
    "collection.only_missing_on": "(alleen ontbrekend; m toont weer alles)",
    "collection.col.code": "Code",
    "collection.col.name": "Organisatie",
    "collection.col.state": "Stand",
    "collection.col.sharing": "Deelniveau",
    "collection.col.exported": "Geëxporteerd",
    "collection.state.ingediend": "ingediend",
    "collection.state.concept": "concept",
    "collection.state.intern": "intern",
    "collection.state.ontbreekt": "ontbreekt",
    "collection.help.ingediend": "definitief en gedeeld, telt mee",
    "collection.help.concept": "nog concept, telt niet mee",
    "collection.help.intern": "niet gedeeld, telt niet mee",
    "collection.help.ontbreekt": "geen beoordeling",
    "collection.not_reference": "* geen referentieorganisatie",
    # states, kinds, sharing
    "kind.auto": "automatisch",
    "sharing.intern.help": "blijft binnen de eigen organisatie (standaard)",
    "sharing.geaggregeerd.help": "telt mee in totaalcijfers, nooit met naam",
    "sharing.benoemd.help": "mag met naam naar provincie en RIEC",
    # start screen
    "start.title": "Organisatie en beoordelingen",
    "start.intro": "Zoek uw organisatie op naam of code; ↑↓ kiest, Enter gaat verder.",
    "start.filter_placeholder": "Zoek organisatie op naam of code…",
    "start.no_orgs": "Geen organisatie gevonden voor '{text}'.",
    "start.no_orgs_db": "Er staan nog geen organisaties in de database. Voer 'weerbaar init' uit.",
    "start.assessments_of": "Beoordelingen van {name} ({code})",
    "start.none_yet": "{name} heeft nog geen beoordelingen. Druk op Ctrl+N om er een te beginnen.",
    "start.pick_org": "Kies eerst een organisatie.",
    "start.col.checklist": "Checklist",
    "start.col.period": "Periode",
    "start.col.kind": "Soort",
    "start.col.status": "Status",
    "start.col.complete": "Compleet",
    "start.col.score": "Score",
    "start.col.sharing": "Delen",
    "start.pick_assessment": "Kies eerst een beoordeling in de lijst.",
    "start.delete_title": "Beoordeling verwijderen?",
    "start.delete_text": "De beoordeling {checklist} {period} ({status}) van {name} wordt met alle antwoorden en acties verwijderd. Dit kan niet ongedaan worden gemaakt.",
    "start.delete_refused": "Een definitieve beoordeling kan niet worden verwijderd.",
    "start.deleted": "Beoordeling verwijderd.",
    "start.share_imported": "Het deelniveau van een inzending kiest de organisatie zelf; vraag om een nieuwe inzending.",
    "start.loading": "Laden…",
    "start.summary": "{period} ({status}): {answered} van {total} ingevuld · basisnorm: {verdict} · groeifase: {tier}",
    "start.summary_hint": "Enter opent de beoordeling, r toont het resultaat, x exporteert haar als inzending. i importeert inzendingen, z toont de inzamelronde.",
    # dialogs
    "dialog.ok": "OK",
    "dialog.cancel": "Annuleren",
    "dialog.yes_delete": "Verwijderen",
    "dialog.close": "Sluiten",
    "new.title": "Nieuwe beoordeling",
    "new.org": "Organisatie: {name} ({code})",
    "new.checklist": "Checklist",
    "new.period": "Periode (bijv. 2026)",
    "new.kind": "Soort meting",
    "new.from_previous": "Antwoorden overnemen van de vorige beoordeling",
    "new.previous_is": "Vorige: periode {period} ({status}). Overgenomen antwoorden worden gemarkeerd om te controleren.",
    "new.no_previous": "Er is geen eerdere beoordeling om antwoorden van over te nemen.",
    "new.start": "Beginnen",
    "new.no_checklist": "Kies een checklist.",
    "new.created": "Beoordeling aangemaakt.",
    "nvt.title": "Niet van toepassing",
    "nvt.text": "Waarom geldt maatregel {code} niet voor uw organisatie? Een reden is verplicht.",
    "nvt.placeholder": "Reden…",
    "nvt.empty": "Geef een reden; n.v.t. zonder reden wordt niet geaccepteerd.",
    "finalise.title": "Beoordeling afronden",
    "finalise.incomplete": "Nog niet compleet. Afronden kan pas als elke maatregel een niveau of n.v.t. met reden heeft.",
    "finalise.open": "Open maatregelen ({count}):",
    "finalise.na_missing": "N.v.t. zonder reden ({count}):",
    "finalise.unconfirmed": "Nog niet af. Overgenomen antwoorden van een deels gelijke maatregel moeten eerst worden bevestigd (b).",
    "finalise.taken_over": "Overgenomen uit een andere checklist, nog te bevestigen ({count}):",
    "finalise.goto": "Naar eerste open maatregel",
    "finalise.complete": "Alle {count} maatregelen zijn ingevuld. Score {score}, basisnorm: {verdict}.",
    "finalise.sharing": "Hoe mag deze beoordeling gedeeld worden?",
    "finalise.warning": "Na afronden is de beoordeling definitief: niets kan nog worden gewijzigd. Wijzigingen vragen een nieuwe beoordeling.",
    "finalise.confirm": "Definitief maken",
    "finalise.done": "De beoordeling is definitief.",
    "finalise.checking": "Controleren…",
    "share.title": "Delen",
    "share.text": "Kies hoe beoordeling {checklist} {period} gedeeld mag worden.",
    "share.save": "Opslaan",
    "share.done": "Deelniveau: {level}.",
    "confirm.title": "Weet u het zeker?",
    # editor
    "editor.title": "Beoordeling invullen",
    "editor.readonly": "Definitief — alleen lezen. Wijzigen kan alleen in een nieuwe beoordeling.",
    "editor.readonly_refused": "Deze beoordeling is definitief en kan niet meer worden gewijzigd.",
    "editor.conflict_title": "Maatregel {code} is intussen gewijzigd",
    "editor.conflict_text": "{by} ({at}) gaf: {theirs}.\nU gaf: {mine}.\n"
                            "Houd uw waarde, of kies Annuleren om die van {by} over te nemen.",
    "editor.conflict_keep": "Mijn waarde houden",
    "editor.conflict_taken": "De waarde van {by} is overgenomen.",
    "editor.conflict_open": "open",
    "editor.conflict_level": "niveau {level}",
    "editor.imported": "Inzending van {name} — alleen lezen. Wijzigingen komen met een nieuwe inzending.",
    "editor.imported_short": "inzending, alleen lezen",
    "editor.imported_refused": "Dit is een inzending van een andere organisatie en kan hier niet worden gewijzigd.",
    "editor.progress": "{answered}/{total} ingevuld",
    "editor.filter.all": "alle maatregelen",
    "editor.filter.open": "alleen open",
    "editor.filter.below": "alleen onder streefniveau",
    "editor.filter.carried": "alleen te bevestigen",
    "editor.filter_now": "Filter: {name}",
    "editor.filter_empty": "Geen maatregelen voor dit filter.",
    "editor.search_placeholder": "Zoek op code of woorden (Enter: naar lijst, Esc: wissen)…",
    "editor.search_none": "Geen maatregel gevonden voor '{text}'.",
    "editor.all_answered": "Alle maatregelen zijn ingevuld. Druk op d om af te ronden.",
    "editor.not_on_scale": "Niveau {level} ligt niet op de schaal ({values}).",
    "editor.pick_measure": "Kies eerst een maatregel in de lijst.",
    "editor.nothing_to_review": "Deze maatregel hoeft niet bevestigd te worden.",
    "editor.reviewed": "Overgenomen antwoord bevestigd.",
    "editor.tree_label": "Maatregelen",
    "detail.statement": "Stelling",
    "detail.toelichting": "Toelichting",
    "detail.evidence_hint": "Wat laat het zien",
    "detail.levels": "Niveau (cijfertoets, of pijltjes en Enter)",
    "detail.target": "streefniveau {target}",
    "detail.basisnorm": "basisnorm",
    "detail.mandatory": "wettelijke plicht",
    "detail.no_na": "n.v.t. niet toegestaan",
    "detail.legal_basis": "Wettelijke grondslag",
    "detail.questions": "Vragen bij het scoren",
    "detail.suggested_action": "Voorgestelde actie: {action}",
    "editor.na_refused_basisnorm": "N.v.t. is niet toegestaan bij {code}: deze maatregel hoort bij de basisnorm, de "
                                   "ondergrens voor iedere organisatie. Kies een niveau (0 als de maatregel ontbreekt).",
    "editor.na_refused_mandatory": "N.v.t. is niet toegestaan bij {code}: deze maatregel is een wettelijke plicht. "
                                   "Kies een niveau (0 als de maatregel ontbreekt).",
    "editor.na_refused": "N.v.t. is niet toegestaan bij {code}: de checklist staat het bij deze maatregel niet toe. "
                         "Kies een niveau (0 als de maatregel ontbreekt).",
    "header.concept_norm": "conceptnorm",
    "detail.weight": "gewicht {weight}",
    "detail.kind": "{kind}",
    "detail.current": "huidig",
    "detail.nvt": "N.v.t.: {reason}",
    "detail.open": "Nog geen antwoord.",
    "detail.below": "Onder streefniveau ({level} < {target}): leg een verbeteractie vast.",
    "detail.meets": "Voldoet aan het streefniveau.",
    "detail.carried": "Overgenomen uit de vorige beoordeling — controleer het en bevestig met b (of kies een niveau).",
    "detail.taken_over": "{origin} — {relation}. Kies een niveau om er een eigen antwoord van te maken.",
    "detail.taken_over_review": "{origin} — deels dezelfde maatregel: controleer het en bevestig met b (of kies een niveau).",
    "detail.comment": "Toelichting (waarom dit niveau?)",
    "detail.evidence": "Bewijs (documenten, vindplaats)",
    "detail.action": "Verbeteractie",
    "detail.action_description": "Wat gaat er gebeuren? (omschrijving)",
    "detail.action_owner": "Eigenaar (wie zorgt ervoor?)",
    "detail.action_deadline": "Deadline (JJJJ-MM-DD)",
    "detail.action_more": "Er zijn nog {count} andere acties voor deze maatregel (zie Resultaat).",
    "detail.deadline_format": "Deadline nog niet opgeslagen: gebruik JJJJ-MM-DD, bijvoorbeeld 2027-03-31.",
    "detail.action_needs_description": "Vul eerst de omschrijving van de actie in; dan wordt de actie opgeslagen.",
    "detail.previous": "Vorige beoordeling: {state}",
    "detail.theme_below": "{count} onder streefniveau",
    "detail.theme_hint": "Pijl omlaag gaat naar de maatregelen van dit thema; Enter klapt het thema in of uit.",
    "save.saved": "✓ Opgeslagen",
    "save.saved_at": "✓ Opgeslagen {time}",
    "save.pending": "● Opslaan…",
    "save.error": "⚠ Niet opgeslagen: {error}",
    "mark.open": "open",
    "mark.nvt": "n.v.t.",
    # result
    "result.title": "Resultaat",
    "result.header": "{org} — {checklist} {period} ({kind}, {status})",
    "result.overall": "Totaalscore",
    "result.target": "streef {target}",
    "result.complete": "Compleet: {pct} ({answered} van {total})",
    "result.basisnorm": "Basisnorm",
    "result.basisnorm_failing": "Onder streefniveau: {codes}",
    "result.tier": "Groeifase",
    "result.no_tier": "nog geen groeifase bereikt",
    "result.no_tiers": "deze checklist kent geen groeifasen",
    "result.themes": "Score per thema (│ = streefniveau)",
    "result.gaps": "Tekorten, ernstigste eerst (B = basisnorm)",
    "result.no_gaps": "Geen tekorten: alle ingevulde maatregelen halen hun streefniveau.",
    "result.gap_line": "{code} niveau {level} van {target} (tekort {gap})",
    "result.action_line": "Actie: {description}",
    "result.action_owner": "eigenaar {owner}",
    "result.action_deadline": "uiterlijk {deadline}",
    "result.no_action": "Nog geen verbeteractie.",
    "result.changes": "Verandering sinds de vorige beoordeling",
    "result.no_previous": "Er is geen eerdere beoordeling van deze organisatie voor deze checklist.",
    "result.previous": "Vergeleken met {period} ({status}): {common} maatregelen gemeenschappelijk.",
    "result.overall_change": "Totaalscore: {before} → {after} ({delta})",
    "result.improved": "Verbeterd: {items}",
    "result.worsened": "Verslechterd: {items}",
    "result.new_gaps": "Nieuwe tekorten: {items}",
    "result.closed_gaps": "Opgeloste tekorten: {items}",
    "result.unchanged": "Geen veranderingen in niveaus.",
    "result.version_note": "Let op: de checklistversies verschillen.",
    "result.loading": "Resultaat berekenen…",
    "result.basis_marker": "B",
    # help
    "help.title": "Help",
    "help.keys": "Toetsen op dit scherm",
    "help.general": (
        "weerbaar helpt u uw organisatie te beoordelen op de maatregelen van de weerbaarheidsnorm.\n"
        "1. Kies uw organisatie en begin een beoordeling (Ctrl+N).\n"
        "2. Geef elke maatregel een niveau met de cijfertoetsen, of n.v.t. met een reden (n).\n"
        "   Schrijf een toelichting en het bewijs; onder het streefniveau legt u een verbeteractie vast.\n"
        "   Alles wordt tijdens het typen opgeslagen.\n"
        "3. Rond af met d: daarna is de beoordeling definitief en alleen-lezen.\n"
        "4. Bekijk het resultaat met r: score, basisnorm, groeifase, tekorten en verandering.\n"
        "5. Exporteer de beoordeling als inzending met x (op het startscherm of bij het resultaat).\n"
        "   De provincie leest inzendingen in met i en ziet met z wie heeft ingediend.\n"
        "Tekens in de lijst: · open, ✓ niveau gehaald, ▼ onder streefniveau, – n.v.t., ↻ overgenomen (nog bevestigen),\n"
        "⇄ overgenomen uit de andere checklist (norm of scan).\n"
        "Pijltjes bewegen, Enter kiest, Tab gaat naar het volgende veld, Esc gaat terug.\n"
        "Ctrl+P opent de opdrachten, Ctrl+Q sluit af. Opdracht 'Language: English' schakelt naar Engels."
    ),
}

EN: dict[str, str] = {
    "app.title": "weerbaar",
    "app.subtitle": "Self-assessment Utrecht Resilience Standard",
    "app.palette_placeholder": "Search for a command…",
    "app.no_checklists": "There are no checklists in the database yet. Run 'weerbaar init'.",
    "app.db_error": "The database cannot be opened: {error}",
    "app.unexpected": "Something went wrong: {error}",
    "app.language_set": "Language: English.",
    "app.quit_hint": "Quit with Ctrl+Q (everything is saved already).",
    "b.quit": "Quit",
    "b.quit.tip": "Save everything and quit weerbaar.",
    "b.help": "Help",
    "b.help.tip": "Show the keys and an explanation of this screen.",
    "b.palette": "Commands",
    "b.palette.tip": "Search for and run a command.",
    "b.new": "New",
    "b.new.tip": "Start a new assessment for the chosen organisation.",
    "b.open": "Open",
    "b.choose": "Choose",
    "b.choose.tip": "Choose this organisation.",
    "b.open.tip": "Open the chosen assessment.",
    "b.result": "Result",
    "b.result.tip": "Show score, basisnorm, tier and gaps.",
    "b.delete": "Delete",
    "b.delete.tip": "Delete the chosen draft assessment (after confirmation).",
    "b.share": "Sharing",
    "b.share.tip": "Choose how the chosen assessment may be shared.",
    "b.filter_orgs": "Find organisation",
    "b.filter_orgs.tip": "Type part of the name or the code of the organisation.",
    "b.org_down": "Next organisation",
    "b.org_up": "Previous organisation",
    "b.to_table": "To assessments",
    "b.to_table.tip": "Go to the list of assessments of the organisation.",
    "b.level": "Level",
    "b.level.tip": "Give the measure this level.",
    "b.nvt": "N/A",
    "b.nvt.tip": "Mark the measure as not applicable (with a reason).",
    "b.clear": "Clear",
    "b.clear.tip": "Clear the level or N/A of the measure (texts stay).",
    "b.review": "Confirm",
    "b.review.tip": "Confirm a carried-over answer without changing it.",
    "b.next_open": "Next open",
    "b.next_open.tip": "Jump to the next measure without an answer.",
    "b.filter": "Filter",
    "b.filter.tip": "Cycle the filter: all, only open, only below target, to confirm.",
    "b.search": "Search",
    "b.search.tip": "Find a measure by code or words.",
    "b.comment": "Comment",
    "b.comment.tip": "Go to the comment field.",
    "b.evidence": "Evidence",
    "b.evidence.tip": "Go to the evidence field.",
    "b.action": "Improvement",
    "b.action.tip": "Go to the improvement action of the measure.",
    "b.tree": "Show/hide list",
    "b.tree.tip": "Hide or show the list of measures.",
    "b.finalise": "Finalise",
    "b.finalise.tip": "Check that everything is answered and make the assessment final.",
    "b.save": "Save",
    "b.save.tip": "Save now (this also happens by itself as you type).",
    "b.back": "Back",
    "b.done": "Done",
    "b.done.tip": "Back to the list of measures (the text is saved already).",
    "b.back.tip": "Back to the previous screen.",
    "b.close": "Close",
    "b.close.tip": "Close this window.",
    "b.language": "Taal: Nederlands",
    "b.language.tip": "Schakel de interface naar het Nederlands.",
    "b.edit": "Measures",
    "b.edit.tip": "Open the measures of this assessment.",
    "b.theme": "Colours",
    "b.theme.tip": "Choose another colour theme.",
    "b.export": "Export",
    "b.export.tip": "Write the chosen assessment as a submission for the province or RIEC.",
    "b.import": "Import",
    "b.import.tip": "Read submissions (files or a folder).",
    "b.collection": "Collection round",
    "b.collection.tip": "Who has submitted for a checklist and period, and who is missing.",
    "b.only_missing": "Only missing",
    "b.only_missing.tip": "Show only the organisations that have not submitted anything.",
    "export.title": "Export as a submission",
    "export.what": "{name} — {checklist} {period} ({status})",
    "export.concept": "Note: this is a draft. The province only counts final assessments.",
    "export.sharing": "How may the recipient use this assessment?",
    "export.scrub": "Without comments, evidence, names and improvement actions",
    "export.file": "File",
    "export.go": "Export",
    "export.choose_sharing": "Choose how the recipient may use the assessment: aggregated or named.",
    "export.no_path": "Give the name of the file.",
    "export.done": "Submission written to {path} (sharing level {sharing}).",
    "b.report": "Report",
    "b.report.tip": "Save a report of this assessment as a file (HTML, Markdown, PDF, Excel or CSV).",
    "report.title": "Save a report",
    "report.what": "{name} — {checklist} {period}",
    "report.kind": "Report",
    "report.format": "Format",
    "report.file": "File",
    "report.go": "Save",
    "report.no_path": "Give the name of the file.",
    "report.no_folder": "The folder {folder} does not exist.",
    "report.done": "Report written to {path}.",
    "import.title": "Import submissions",
    "import.text": "Give a submission (.json) or a folder of submissions. A refused file changes nothing; neither does reading the same file twice.",
    "import.path": "File or folder",
    "import.placeholder": "for example C:\\Submissions or ~/submissions",
    "import.go": "Import",
    "import.no_path": "Give a file or folder.",
    "import.busy": "Reading…",
    "import.summary": "{total} file(s): {new} new, {updated} updated, {same} unchanged, {refused} refused.",
    "import.outcome.nieuw": "new",
    "import.outcome.bijgewerkt": "updated",
    "import.outcome.ongewijzigd": "unchanged",
    "import.outcome.geweigerd": "refused",
    "collection.title": "Collection round",
    "collection.checklist": "Checklist",
    "collection.period": "Period",
    "collection.summary": "Period {period}: {submitted} of {expected} reference organisations have an assessment, {counted} of them final and shared (they count), {missing} missing.",
    "collection.only_missing_on": "(only missing; m shows all again)",
    "collection.col.code": "Code",
    "collection.col.name": "Organisation",
    "collection.col.state": "State",
    "collection.col.sharing": "Sharing",
    "collection.col.exported": "Exported",
    "collection.state.ingediend": "submitted",
    "collection.state.concept": "draft",
    "collection.state.intern": "internal",
    "collection.state.ontbreekt": "missing",
    "collection.help.ingediend": "final and shared, counts",
    "collection.help.concept": "still a draft, does not count",
    "collection.help.intern": "not shared, does not count",
    "collection.help.ontbreekt": "no assessment",
    "collection.not_reference": "* not a reference organisation",
    "kind.auto": "automatic",
    "sharing.intern.help": "stays within the own organisation (default)",
    "sharing.geaggregeerd.help": "counts in totals, never by name",
    "sharing.benoemd.help": "may be shown by name to province and RIEC",
    "start.title": "Organisation and assessments",
    "start.intro": "Find your organisation by name or code; ↑↓ chooses, Enter continues.",
    "start.filter_placeholder": "Find an organisation by name or code…",
    "start.no_orgs": "No organisation found for '{text}'.",
    "start.no_orgs_db": "There are no organisations in the database yet. Run 'weerbaar init'.",
    "start.assessments_of": "Assessments of {name} ({code})",
    "start.none_yet": "{name} has no assessments yet. Press Ctrl+N to start one.",
    "start.pick_org": "Choose an organisation first.",
    "start.col.checklist": "Checklist",
    "start.col.period": "Period",
    "start.col.kind": "Kind",
    "start.col.status": "Status",
    "start.col.complete": "Complete",
    "start.col.score": "Score",
    "start.col.sharing": "Sharing",
    "start.pick_assessment": "Choose an assessment in the list first.",
    "start.delete_title": "Delete assessment?",
    "start.delete_text": "The assessment {checklist} {period} ({status}) of {name} will be deleted with all its answers and actions. This cannot be undone.",
    "start.delete_refused": "A final assessment cannot be deleted.",
    "start.deleted": "Assessment deleted.",
    "start.share_imported": "The sharing level of a submission is chosen by the organisation itself; ask for a new submission.",
    "start.loading": "Loading…",
    "start.summary": "{period} ({status}): {answered} of {total} answered · basisnorm: {verdict} · tier: {tier}",
    "start.summary_hint": "Enter opens the assessment, r shows the result, x exports it as a submission. i imports submissions, z shows the collection round.",
    "dialog.ok": "OK",
    "dialog.cancel": "Cancel",
    "dialog.yes_delete": "Delete",
    "dialog.close": "Close",
    "new.title": "New assessment",
    "new.org": "Organisation: {name} ({code})",
    "new.checklist": "Checklist",
    "new.period": "Period (e.g. 2026)",
    "new.kind": "Kind of assessment",
    "new.from_previous": "Carry over the answers of the previous assessment",
    "new.previous_is": "Previous: period {period} ({status}). Carried-over answers are marked for review.",
    "new.no_previous": "There is no earlier assessment to carry answers over from.",
    "new.start": "Start",
    "new.no_checklist": "Choose a checklist.",
    "new.created": "Assessment created.",
    "nvt.title": "Not applicable",
    "nvt.text": "Why does measure {code} not apply to your organisation? A reason is required.",
    "nvt.placeholder": "Reason…",
    "nvt.empty": "Give a reason; N/A without a reason is not accepted.",
    "finalise.title": "Finalise assessment",
    "finalise.incomplete": "Not complete yet. You can finalise once every measure has a level or N/A with a reason.",
    "finalise.open": "Open measures ({count}):",
    "finalise.na_missing": "N/A without a reason ({count}):",
    "finalise.unconfirmed": "Not done yet. Answers taken over from a partly equal measure must be confirmed first (b).",
    "finalise.taken_over": "Taken over from another checklist, to confirm ({count}):",
    "finalise.goto": "Go to first open measure",
    "finalise.complete": "All {count} measures are answered. Score {score}, basisnorm: {verdict}.",
    "finalise.sharing": "How may this assessment be shared?",
    "finalise.warning": "After finalising the assessment is final: nothing can be changed. Changes need a new assessment.",
    "finalise.confirm": "Make final",
    "finalise.done": "The assessment is final.",
    "finalise.checking": "Checking…",
    "share.title": "Sharing",
    "share.text": "Choose how assessment {checklist} {period} may be shared.",
    "share.save": "Save",
    "share.done": "Sharing level: {level}.",
    "confirm.title": "Are you sure?",
    "editor.title": "Filling in an assessment",
    "editor.readonly": "Final — read only. Changes need a new assessment.",
    "editor.readonly_refused": "This assessment is final and can no longer be changed.",
    "editor.conflict_title": "Measure {code} was changed meanwhile",
    "editor.conflict_text": "{by} ({at}) gave: {theirs}.\nYou gave: {mine}.\n"
                            "Keep your value, or choose Cancel to take the value of {by}.",
    "editor.conflict_keep": "Keep my value",
    "editor.conflict_taken": "The value of {by} was taken over.",
    "editor.conflict_open": "open",
    "editor.conflict_level": "level {level}",
    "editor.imported": "Submission of {name} — read only. Changes come with a new submission.",
    "editor.imported_short": "submission, read only",
    "editor.imported_refused": "This is a submission of another organisation and cannot be changed here.",
    "editor.progress": "{answered}/{total} answered",
    "editor.filter.all": "all measures",
    "editor.filter.open": "only open",
    "editor.filter.below": "only below target",
    "editor.filter.carried": "only to confirm",
    "editor.filter_now": "Filter: {name}",
    "editor.filter_empty": "No measures for this filter.",
    "editor.search_placeholder": "Search by code or words (Enter: to list, Esc: clear)…",
    "editor.search_none": "No measure found for '{text}'.",
    "editor.all_answered": "All measures are answered. Press d to finalise.",
    "editor.not_on_scale": "Level {level} is not on the scale ({values}).",
    "editor.pick_measure": "Choose a measure in the list first.",
    "editor.nothing_to_review": "This measure does not need confirming.",
    "editor.reviewed": "Carried-over answer confirmed.",
    "editor.tree_label": "Measures",
    "detail.statement": "Statement",
    "detail.toelichting": "Guidance",
    "detail.evidence_hint": "What shows it",
    "detail.levels": "Level (digit key, or arrows and Enter)",
    "detail.target": "target level {target}",
    "detail.basisnorm": "basisnorm",
    "detail.mandatory": "statutory duty",
    "detail.no_na": "N/A not allowed",
    "detail.legal_basis": "Legal basis",
    "detail.questions": "Questions to guide scoring",
    "detail.suggested_action": "Suggested action: {action}",
    "editor.na_refused_basisnorm": "N/A is not allowed for {code}: this measure belongs to the basisnorm, the floor "
                                   "for every organisation. Choose a level (0 if the measure is missing).",
    "editor.na_refused_mandatory": "N/A is not allowed for {code}: this measure is a statutory duty. "
                                   "Choose a level (0 if the measure is missing).",
    "editor.na_refused": "N/A is not allowed for {code}: the checklist does not allow it for this measure. "
                         "Choose a level (0 if the measure is missing).",
    "header.concept_norm": "draft standard",
    "detail.weight": "weight {weight}",
    "detail.kind": "{kind}",
    "detail.current": "current",
    "detail.nvt": "N/A: {reason}",
    "detail.open": "No answer yet.",
    "detail.below": "Below target ({level} < {target}): record an improvement action.",
    "detail.meets": "Meets the target level.",
    "detail.carried": "Carried over from the previous assessment — check it and confirm with b (or choose a level).",
    "detail.taken_over": "Taken over from {code} ({title}) — {relation}. Choose a level to make it your own answer.",
    "detail.taken_over_review": "Taken over from {code} ({title}) — a partly equal measure: check it and confirm with b (or choose a level).",
    "detail.comment": "Comment (why this level?)",
    "detail.evidence": "Evidence (documents, where to find them)",
    "detail.action": "Improvement action",
    "detail.action_description": "What will be done? (description)",
    "detail.action_owner": "Owner (who sees to it?)",
    "detail.action_deadline": "Deadline (YYYY-MM-DD)",
    "detail.action_more": "There are {count} more actions for this measure (see Result).",
    "detail.deadline_format": "Deadline not saved yet: use YYYY-MM-DD, for example 2027-03-31.",
    "detail.action_needs_description": "Fill in the description of the action first; then the action is saved.",
    "detail.previous": "Previous assessment: {state}",
    "detail.theme_below": "{count} below target",
    "detail.theme_hint": "Arrow down goes to the measures of this theme; Enter collapses or expands it.",
    "save.saved": "✓ Saved",
    "save.saved_at": "✓ Saved {time}",
    "save.pending": "● Saving…",
    "save.error": "⚠ Not saved: {error}",
    "mark.open": "open",
    "mark.nvt": "N/A",
    "result.title": "Result",
    "result.header": "{org} — {checklist} {period} ({kind}, {status})",
    "result.overall": "Overall score",
    "result.target": "target {target}",
    "result.complete": "Complete: {pct} ({answered} of {total})",
    "result.basisnorm": "Basisnorm",
    "result.basisnorm_failing": "Below target: {codes}",
    "result.tier": "Tier",
    "result.no_tier": "no tier reached yet",
    "result.no_tiers": "this checklist has no tiers",
    "result.themes": "Score per theme (│ = target)",
    "result.gaps": "Gaps, most severe first (B = basisnorm)",
    "result.no_gaps": "No gaps: every answered measure reaches its target.",
    "result.gap_line": "{code} level {level} of {target} (gap {gap})",
    "result.action_line": "Action: {description}",
    "result.action_owner": "owner {owner}",
    "result.action_deadline": "by {deadline}",
    "result.no_action": "No improvement action yet.",
    "result.changes": "Change since the previous assessment",
    "result.no_previous": "There is no earlier assessment of this organisation for this checklist.",
    "result.previous": "Compared with {period} ({status}): {common} measures in common.",
    "result.overall_change": "Overall score: {before} → {after} ({delta})",
    "result.improved": "Improved: {items}",
    "result.worsened": "Worsened: {items}",
    "result.new_gaps": "New gaps: {items}",
    "result.closed_gaps": "Closed gaps: {items}",
    "result.unchanged": "No changes in levels.",
    "result.version_note": "Note: the checklist versions differ.",
    "result.loading": "Computing the result…",
    "result.basis_marker": "B",
    "help.title": "Help",
    "help.keys": "Keys on this screen",
    "help.general": (
        "weerbaar helps you assess your organisation on the measures of the resilience standard.\n"
        "1. Choose your organisation and start an assessment (Ctrl+N).\n"
        "2. Give each measure a level with the digit keys, or N/A with a reason (n).\n"
        "   Write a comment and the evidence; below target, record an improvement action.\n"
        "   Everything is saved as you type.\n"
        "3. Finalise with d: the assessment then becomes final and read-only.\n"
        "4. See the result with r: score, basisnorm, tier, gaps and change.\n"
        "5. Export the assessment as a submission with x (on the start screen or with the result).\n"
        "   The province reads submissions with i and sees who has submitted with z.\n"
        "Marks in the list: · open, ✓ target met, ▼ below target, – N/A, ↻ carried over (to confirm),\n"
        "⇄ taken over from the other checklist (norm or scan).\n"
        "Arrows move, Enter chooses, Tab goes to the next field, Esc goes back.\n"
        "Ctrl+P opens the commands, Ctrl+Q quits. Command 'Taal: Nederlands' switches to Dutch."
    ),
}

STRINGS: dict[str, dict[str, str]] = {"nl": NL, "en": EN}

_current: Language = DEFAULT_LANGUAGE


def set_language(lang: str | None) -> str:
    """Make ``lang`` the language of the interface (unknown values fall back to Dutch)."""
    global _current
    _current = next((known for known in LANGUAGES if known == lang), DEFAULT_LANGUAGE)
    return _current


def language() -> Language:
    return _current


def has(key: str) -> bool:
    return key in NL


def t(key: str, **values: Any) -> str:
    """The text for ``key`` in the current language, with ``{name}`` fields filled in.

    The values are user data (names, titles, reasons, file names, typed text): their control
    characters are made visible here, so no caller can put them on the terminal raw.
    """
    text = STRINGS[_current].get(key) or NL.get(key) or key
    if not values:
        return text
    return text.format(**{name: value if isinstance(value, int | float) else terminal_safe(value)
                          for name, value in values.items()})


def local(obj: Any, field: str) -> str:
    """A checklist text: the English translation when the language is English and it exists.

    Checklists come from YAML files anyone can write: control characters are made visible.
    """
    text = getattr(obj, field, None) or ""
    if _current == "en":
        english = getattr(obj, "en", None)
        translated = getattr(english, field, None) if english is not None else None
        if translated:
            text = translated
    return terminal_safe(str(text))


def local_level(item: Any, value: int) -> str:
    """A measure's descriptor of one level: the English one (``en.levels``) when the language is English and
    it exists; empty when the measure has none."""
    text = item.levels.get(value) or ""
    english = getattr(item, "en", None)
    if _current == "en" and english is not None and english.levels and english.levels.get(value):
        text = english.levels[value]
    return terminal_safe(str(text))


def status_label(status: str) -> str:
    return label("status", status, _current)


def kind_label(kind: str) -> str:
    return label("kind", kind, _current)


def item_kind_label(kind: str) -> str:
    return label("item_kind", kind, _current)


def sharing_label(level: str) -> str:
    return label("sharing", level, _current)


def action_status_label(status: str) -> str:
    return label("action_status", status, _current)


def verdict_label(verdict: str) -> str:
    return label("verdict", verdict, _current)


def relation_label(relation: str) -> str:
    """``equal`` / ``partial`` of a mapping file ("gelijk", "deels (controleren)")."""
    return label("relation", relation, _current)


def percentage(value: float | None) -> str:
    """A 0..1 value as a percentage in the style of the language ("72%" in both)."""
    if value is None:
        return "–"
    return f"{value * 100:.0f}%"
