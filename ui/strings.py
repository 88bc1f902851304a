"""Every piece of text the interface shows, one dictionary per language.

Keys are the same in both languages (a test checks it). Values may hold `{name}` fields that
`t()` fills in. Texts that come from the corpus (role titles, summaries...) are not here: they
carry their own French and English versions.
"""

from __future__ import annotations

from typing import Literal, get_args

__all__ = ["LABELS", "LANGUAGES", "STRINGS", "UiLang", "label", "quote", "t"]

UiLang = Literal["fr", "en"]
LANGUAGES: tuple[UiLang, ...] = get_args(UiLang)

STRINGS: dict[str, dict[str, str]] = {
    "fr": {
        # page
        "title": "Trouver sa place dans l'IA",
        "tagline": (
            "Racontez votre parcours avec vos mots. Nous vous montrons les métiers de l'IA où votre "
            "expérience compte déjà, pourquoi, ce qu'il vous reste à apprendre et quoi lire pour commencer."
        ),
        "privacy": (
            ":material/lock: Votre texte est analysé ici même, par un modèle qui tourne sur ce serveur. Il reste en "
            "mémoire le temps de votre visite, puis disparaît : il n'est ni enregistré, ni journalisé, ni envoyé à un "
            "service extérieur, et aucune statistique d'usage n'est collectée."
        ),
        # form
        "examples_label": "Pas d'inspiration ? Partez d'un exemple :",
        "text_label": "Votre parcours professionnel",
        "placeholder": (
            "Par exemple : « J'ai été infirmière en réanimation pendant douze ans, puis cadre de santé. "
            "J'organise les plannings, je forme les nouvelles recrues et je pilote la mise en place des "
            "nouveaux logiciels du service… »\n\n"
            "Dites ce que vous faites au quotidien, avec qui, ce que vous aimez et ce que vous savez faire. "
            "Quelques phrases suffisent ; un CV collé fonctionne aussi."
        ),
        "text_help": "Français ou anglais, peu importe : les deux langues sont comprises.",
        "submit": "Trouver ma place",
        "loading_model": (
            "Chargement du modèle de langue et de l'index des métiers de l'IA… "
            "Au tout premier démarrage cela peut prendre une minute ; ensuite c'est instantané."
        ),
        "running": "Recherche des métiers qui vous correspondent…",
        "load_failed": "Le moteur de recommandation n'a pas pu démarrer : {error}",
        # input problems
        "err_empty": "Écrivez quelques phrases sur votre parcours pour obtenir des suggestions.",
        "err_no_words": (
            "Nous n'avons trouvé aucun mot dans ce texte (seulement des symboles ou des émojis). "
            "Décrivez votre métier avec des phrases, en français ou en anglais."
        ),
        "err_input": "Ce texte ne peut pas être analysé : {error}",
        "err_not_text": "Ce qui a été envoyé n'est pas un texte ; écrivez quelques phrases sur votre parcours.",
        "err_bad_encoding": "Ce texte n'est pas en UTF-8 ; copiez-le à nouveau depuis son document d'origine.",
        "err_too_long": "Ce texte ou ce fichier est trop long ; gardez l'essentiel de votre parcours.",
        "err_bad_top_k": "Le nombre de métiers demandé doit être un nombre entier d'au moins 1.",
        "err_bad_type": "Un filtre ou une préférence n'a pas le bon format ; choisissez-les dans les listes.",
        "err_duplicate": "Un filtre ou une préférence est choisi deux fois ; gardez-en un.",
        "err_unknown_level": "Ce niveau technique n'existe pas ; choisissez-en un dans la liste.",
        "err_unknown_family": "Cette famille de métiers n'existe pas ; choisissez-en une dans la liste.",
        "err_unknown_language": "Seules les lectures en français et en anglais sont proposées.",
        "err_unknown_preference": "Cette préférence n'existe pas ; choisissez-en une dans la liste.",
        "err_unknown_wish": "Ce souhait n'est pas reconnu ; relancez la recherche.",
        "err_bad_batch_line": "Une ligne du lot n'est pas un objet JSON avec un texte.",
        "err_bad_argument": "Cette demande ne peut pas être utilisée : {error}",
        "err_bad_json": "Le corps de la requête n'est pas un objet JSON.",
        "err_unknown_field": "La requête contient un champ inconnu : {error}",
        "err_busy": "Beaucoup de personnes cherchent en ce moment ; réessayez dans quelques secondes.",
        "upload_label": "Ou déposez votre CV (PDF, Word, ODT, texte ; 5 Mo au plus)",
        "upload_help": "Le fichier est lu en mémoire, jamais enregistré ; son texte apparaît ci-dessous, à relire.",
        "file_read": "Le texte de votre CV est dans la case : relisez-le, corrigez-le, puis lancez la recherche. "
        "Coordonnées et loisirs ont été retirés.",
        "file_warn_misnamed": (
            "L'extension du fichier ne correspond pas à son contenu ; il a été lu d'après son contenu."
        ),
        "file_warn_scripts_ignored": "Ce PDF contient des scripts ; ils ont été ignorés, seul le texte a été lu.",
        "file_warn_cut": "Ce fichier est très long : seul son début a été lu.",
        "file_warn_not_utf8": "Ce fichier texte n'est pas en UTF-8 ; vérifiez les accents.",
        "file_warn_page_skipped": "Une page de ce PDF n'a pas pu être lue et a été sautée.",
        "err_unsupported_file": (
            "Ce fichier n'est ni un PDF, ni un DOCX, ni un ODT, ni un texte ; "
            "enregistrez votre CV dans l'un de ces formats."
        ),
        "err_scanned_pdf": "Ce PDF est une image ; copiez votre texte ou exportez-le à nouveau.",
        "err_encrypted_file": "Ce fichier est protégé par un mot de passe ; retirez la protection puis réessayez.",
        "err_corrupt_file": "Ce fichier est endommagé ; enregistrez-le à nouveau puis réessayez.",
        "err_empty_file": "Ce fichier est vide ; choisissez le fichier qui contient votre CV.",
        "err_file_too_large": "Ce fichier dépasse les limites (5 Mo, 30 pages) ; exportez seulement votre CV.",
        "truncated": (
            "Votre texte est très long : seuls ses {limit} premiers caractères ont été analysés. "
            "Le début d'un CV suffit en général."
        ),
        "short_hint": (
            "Astuce : plus vous donnez de détails (tâches, secteur, outils), plus les suggestions sont précises."
        ),
        # refine
        "refine": "Affiner les résultats",
        "filter_levels": "Niveau technique",
        "filter_families": "Familles de métiers",
        "filter_reading_lang": "Langue des lectures",
        "reading_lang_any": "Toutes",
        "prefs_label": "Vos préférences (elles réordonnent les métiers)",
        "pref_no-code": "Je ne veux pas coder",
        "pref_people": "Je préfère travailler avec des gens",
        "pref_creative": "J'aime la création",
        "pref_technical": "J'aime la technique",
        "top_k": "Nombre de métiers affichés",
        # results
        "results_header": "Vos métiers possibles dans l'IA",
        "results_intro": "Les {count} métiers les plus proches de votre parcours, du plus au moins adapté.",
        "detected_language": "Texte compris comme du {language}.",
        "lang_name_fr": "français",
        "lang_name_en": "anglais",
        "reranked": "Classement ajusté à vos préférences : {prefs}.",
        "wish_no-code": "Vous avez écrit : « {sentence} ». Les métiers où l'on code passent donc après les autres.",
        "wish_no-management": (
            "Vous avez écrit : « {sentence} ». Les métiers de pilotage d'équipes et de projets passent après."
        ),
        "wish_own-field": (
            "Vous avez écrit : « {sentence} ». Les métiers qui appliquent l'IA à votre domaine passent devant."
        ),
        "wish_rights": "Vous avez écrit : « {sentence} ». Les métiers du droit et de l'éthique de l'IA passent devant.",
        "wish_job-worry": (
            "Vous avez écrit : « {sentence} ». Votre expérience est justement ce que l'IA ne remplace pas : "
            "les métiers ci-dessous partent de ce que vous savez déjà faire."
        ),
        "wish_undo": "Annuler",
        "filtered": "Filtres actifs : {filters}.",
        "no_results": (
            "Aucun métier ne correspond à ces filtres. Élargissez le niveau technique ou les familles choisies."
        ),
        "tab_roles": "Métiers",
        "tab_readings": "Lectures",
        "tab_map": "Carte",
        "match": "Adéquation : {percent} %",
        "match_help": (
            "Chance estimée qu'un conseiller en évolution professionnelle retienne ce métier pour un texte "
            "comme le vôtre, mesurée sur des centaines de parcours décrits à la main. Chaque métier a la "
            "sienne : elles ne s'additionnent pas. Ce n'est pas une note de valeur."
        ),
        "results_header_weak": "Les métiers les plus proches de votre texte",
        "fit_weak": (
            "Aucun métier ne correspond vraiment à ce texte. Voici les plus proches ; ajoutez des détails "
            "sur votre travail (tâches, secteur, outils) pour affiner."
        ),
        "fit_nothing": (
            "Votre texte dit peu de choses de votre parcours professionnel. Décrivez votre métier, vos "
            "tâches, votre secteur, en quelques phrases : c'est à partir de là que nous trouvons votre place."
        ),
        "fit_nothing_show": "Voir quand même les métiers les plus proches",
        "band_strong": "très bonne piste",
        "band_good": "bonne piste",
        "band_possible": "piste à explorer",
        "level_badge": "{level}",
        "effort_badge": "Transition : {effort}",
        "why_title": "Pourquoi ce métier",
        "why_intro": "Ce que vous avez écrit et ce à quoi cela correspond :",
        "why_none": "Le lien tient à l'ensemble de votre texte plutôt qu'à une phrase en particulier.",
        "evidence_line": "rejoint {field} :",
        "skills_have": "Ce que vous savez sans doute déjà faire",
        "skills_learn": "Ce qu'il vous faudra apprendre",
        "first_steps": "Premiers pas",
        "role_readings": "À lire pour ce métier",
        "no_readings": "Pas de lecture dans la langue choisie pour ce métier.",
        "more_details": "En savoir plus sur ce métier",
        "description": "Le métier en détail",
        "alt_titles": "Autres intitulés",
        "tasks": "Tâches typiques",
        "related_roles": "Métiers voisins",
        "readings_header": "Votre liste de lectures",
        "readings_intro": "Une sélection pour vos premiers métiers, puis d'autres lectures proches de votre parcours.",
        "reading_meta": "{source} · {kind} · {level} · en {language}",
        "reading_for": "Pour : {roles}",
        "reading_lang_fr": "français",
        "reading_lang_en": "anglais",
        "opens_new_tab": "Les liens s'ouvrent dans un nouvel onglet.",
        "map_header": "La carte des métiers de l'IA",
        "map_intro": (
            "Chaque point est un métier ; les métiers proches sur la carte se ressemblent. "
            "L'étoile montre où votre texte se place, les métiers proposés sont cerclés."
        ),
        "map_you": "Vous êtes ici",
        "map_role": "Métier",
        "map_family": "Famille",
        "download": "Télécharger mes résultats",
        "download_name": "ma-place-dans-l-ia.txt",
        "skipped_files": "{count} fichier(s) du corpus n'ont pas pu être lus et sont ignorés",
        "footer": (
            "Un outil pour élargir son champ d'action, pas pour repartir de zéro. "
            "Les suggestions sont des pistes, pas des verdicts."
        ),
        # views, staleness, explore
        "view_find": "Mes résultats",
        "view_explore": "Tous les métiers",
        "view_label": "Affichage",
        "stale": (
            "Vous avez modifié votre texte : ces résultats correspondent à l'ancienne version. "
            "Cliquez sur « Trouver ma place » pour les mettre à jour."
        ),
        "held_count": "Vous avez déjà {held} des {total} compétences de ce métier.",
        "held_title": "Ce que votre texte montre déjà",
        "open_role": "Voir la fiche",
        "map_sentence": "Le plus près de vous sur la carte : {near} ; plus loin : {far}.",
        "map_sentence_near": "Le plus près de vous sur la carte : {near}.",
        "map_shape_note": "Chaque famille a sa forme et sa couleur ; les numéros renvoient à la liste ci-dessous.",
        "catalogue_header": "Tous les métiers de l'IA",
        "catalogue_intro": (
            "{count} métiers, rangés par famille. Choisissez-en un pour lire sa fiche, ou comparez-en deux ou trois."
        ),
        "catalogue_levels": "Niveau technique",
        "catalogue_efforts": "Durée de la transition",
        "catalogue_none": "Aucun métier ne correspond à ces filtres.",
        "catalogue_count": "{count} métier(s)",
        "role_sheet": "Fiche métier",
        "role_sheet_close": "Fermer la fiche",
        "compare_label": "Comparer deux ou trois métiers",
        "compare_placeholder": "Choisissez des métiers",
        "compare_header": "Comparaison",
        "compare_level": "Niveau technique",
        "compare_effort": "Transition",
        "compare_have": "Compétences que vous avez",
        "compare_uses": "Compétences utilisées",
        "compare_learn": "À apprendre",
        "compare_steps": "Premiers pas",
        "compare_hint": "Choisissez au moins deux métiers.",
        "download_text": "Télécharger mes résultats (texte)",
        "download_print": "Télécharger mes résultats (page imprimable)",
        "download_print_name": "ma-place-dans-l-ia.html",
        "download_intro": "Vos résultats ne sont gardés nulle part chez nous : téléchargez-les pour les conserver.",
        "md_settings": "Réglages utilisés",
        "md_no_settings": "Aucun filtre ni préférence.",
        "md_wish": "Souhait lu dans votre texte : {wish}",
        "md_contact_removed": "(coordonnées retirées)",
        "print_button_hint": (
            "Pour un PDF, ouvrez la page et choisissez « Imprimer », puis « Enregistrer au format PDF »."
        ),
        "wishname_no-code": "ne pas coder",
        "wishname_no-management": "ne pas encadrer",
        "wishname_own-field": "rester dans votre domaine",
        "wishname_rights": "droit et éthique",
        "wishname_job-worry": "inquiétude pour votre emploi",
        "skip_link": "Aller aux résultats",
        # markdown export
        "md_title": "Ma place dans l'IA",
        "md_generated": "Résultats générés le {date}.",
        "md_your_text": "Mon parcours",
        "md_roles": "Métiers proposés",
        "md_readings": "Lectures",
    },
    "en": {
        # page
        "title": "Find your place in AI",
        "tagline": (
            "Describe your working life in your own words. We show you the AI roles where your experience "
            "already counts, why, what is left to learn, and what to read first."
        ),
        "privacy": (
            ":material/lock: Your text is analysed right here, by a model running on this server. It stays in memory "
            "for your visit only: it is never saved, never logged and never sent to an outside service, and no usage "
            "statistics are collected."
        ),
        # form
        "examples_label": "Not sure where to start? Try an example:",
        "text_label": "Your working life",
        "placeholder": (
            "For example: “I spent twelve years as an intensive-care nurse, then became a ward manager. "
            "I plan the rotas, train new starters and led the roll-out of our new patient software…”\n\n"
            "Say what you do day to day, with whom, what you enjoy and what you are good at. "
            "A few sentences are enough; a pasted CV works too."
        ),
        "text_help": "French or English, either is fine: both languages are understood.",
        "submit": "Find my place",
        "loading_model": (
            "Loading the language model and the index of AI roles… "
            "The very first start can take a minute; after that it is instant."
        ),
        "running": "Looking for the roles that fit you…",
        "load_failed": "The recommendation engine could not start: {error}",
        # input problems
        "err_empty": "Write a few sentences about your working life to get suggestions.",
        "err_no_words": (
            "We could not find any words in this text (only symbols or emoji). "
            "Describe your work in sentences, in English or French."
        ),
        "err_input": "This text cannot be analysed: {error}",
        "err_not_text": "What was sent is not text; write a few sentences about your working life.",
        "err_bad_encoding": "This text is not UTF-8; copy it again from its original document.",
        "err_too_long": "This text or file is too long; keep the heart of your working life.",
        "err_bad_top_k": "The number of roles asked for must be a whole number of 1 or more.",
        "err_bad_type": "A filter or preference has the wrong form; pick them from the lists.",
        "err_duplicate": "A filter or preference is chosen twice; keep one.",
        "err_unknown_level": "That technical level does not exist; pick one from the list.",
        "err_unknown_family": "That family of roles does not exist; pick one from the list.",
        "err_unknown_language": "Readings are offered in French and English only.",
        "err_unknown_preference": "That preference does not exist; pick one from the list.",
        "err_unknown_wish": "That wish is not recognised; run the search again.",
        "err_bad_batch_line": "A line of the batch is not a JSON object with a text.",
        "err_bad_argument": "This request cannot be used: {error}",
        "err_bad_json": "The request body is not a JSON object.",
        "err_unknown_field": "The request has an unknown field: {error}",
        "err_busy": "Many people are searching right now; try again in a few seconds.",
        "upload_label": "Or drop your CV (PDF, Word, ODT, text; 5 MB at most)",
        "upload_help": "The file is read in memory, never stored; its text appears below for you to check.",
        "file_read": (
            "Your CV's text is in the box: read it, correct it, then search. Contact details and hobbies were left out."
        ),
        "file_warn_misnamed": "The file's extension does not match its content; it was read by its content.",
        "file_warn_scripts_ignored": "This PDF contains scripts; they were ignored and only its text was read.",
        "file_warn_cut": "This file is very long: only its beginning was read.",
        "file_warn_not_utf8": "This text file is not UTF-8; check the accents.",
        "file_warn_page_skipped": "A page of this PDF could not be read and was skipped.",
        "err_unsupported_file": "This file is not a PDF, DOCX, ODT or text file; save your CV in one of these formats.",
        "err_scanned_pdf": "This PDF is an image; copy your text or export it again.",
        "err_encrypted_file": "This file is protected by a password; remove the protection and try again.",
        "err_corrupt_file": "This file is damaged; save it again and try again.",
        "err_empty_file": "This file is empty; choose the file that holds your CV.",
        "err_file_too_large": "This file is over the limits (5 MB, 30 pages); export only your CV, as text.",
        "truncated": (
            "Your text is very long: only its first {limit} characters were analysed. "
            "The start of a CV is usually enough."
        ),
        "short_hint": "Tip: the more detail you give (tasks, sector, tools), the sharper the suggestions.",
        # refine
        "refine": "Refine the results",
        "filter_levels": "Technical level",
        "filter_families": "Role families",
        "filter_reading_lang": "Reading language",
        "reading_lang_any": "Any",
        "prefs_label": "Your preferences (they re-rank the roles)",
        "pref_no-code": "I don't want to code",
        "pref_people": "I prefer working with people",
        "pref_creative": "I enjoy creative work",
        "pref_technical": "I enjoy technical work",
        "top_k": "Number of roles shown",
        # results
        "results_header": "Your possible roles in AI",
        "results_intro": "The {count} roles closest to your background, best fit first.",
        "detected_language": "Text read as {language}.",
        "lang_name_fr": "French",
        "lang_name_en": "English",
        "reranked": "Ranking adjusted to your preferences: {prefs}.",
        "wish_no-code": "You wrote: “{sentence}” So roles that involve coding come after the others.",
        "wish_no-management": "You wrote: “{sentence}” So roles about leading teams and projects come later.",
        "wish_own-field": "You wrote: “{sentence}” So roles that apply AI to your own field come first.",
        "wish_rights": "You wrote: “{sentence}” So roles in AI law and ethics come first.",
        "wish_job-worry": (
            "You wrote: “{sentence}” Your experience is exactly what AI does not replace: "
            "the roles below start from what you already know how to do."
        ),
        "wish_undo": "Undo",
        "filtered": "Active filters: {filters}.",
        "no_results": "No role matches these filters. Widen the technical level or the families you picked.",
        "tab_roles": "Roles",
        "tab_readings": "Readings",
        "tab_map": "Map",
        "match": "Fit: {percent}%",
        "match_help": (
            "Estimated chance that a careers adviser would pick this role for a text like yours, measured on "
            "hundreds of working lives described by hand. Each role has its own: they do not add up. "
            "It is not a grade."
        ),
        "results_header_weak": "The closest places to your text",
        "fit_weak": (
            "No role really fits this text. Here are the closest places; add details about your work "
            "(tasks, sector, tools) to sharpen them."
        ),
        "fit_nothing": (
            "Your text says little about your working life. Describe your job, your tasks, your sector, "
            "in a few sentences: that is what we match."
        ),
        "fit_nothing_show": "Show the closest places anyway",
        "band_strong": "strong lead",
        "band_good": "good lead",
        "band_possible": "worth exploring",
        "level_badge": "{level}",
        "effort_badge": "Transition: {effort}",
        "why_title": "Why this role",
        "why_intro": "What you wrote, and what it matches:",
        "why_none": "The link comes from your text as a whole rather than from one sentence.",
        "evidence_line": "matches {field}:",
        "skills_have": "What you can probably already do",
        "skills_learn": "What you will need to learn",
        "first_steps": "First steps",
        "role_readings": "Read for this role",
        "no_readings": "No reading in the chosen language for this role.",
        "more_details": "More about this role",
        "description": "The role in detail",
        "alt_titles": "Other job titles",
        "tasks": "Typical tasks",
        "related_roles": "Neighbouring roles",
        "readings_header": "Your reading list",
        "readings_intro": "A selection for your top roles first, then other readings close to your background.",
        "reading_meta": "{source} · {kind} · {level} · in {language}",
        "reading_for": "For: {roles}",
        "reading_lang_fr": "French",
        "reading_lang_en": "English",
        "opens_new_tab": "Links open in a new tab.",
        "map_header": "The map of AI roles",
        "map_intro": (
            "Each dot is a role; roles close together on the map are alike. "
            "The star shows where your text lands, and your suggested roles are circled."
        ),
        "map_you": "You are here",
        "map_role": "Role",
        "map_family": "Family",
        "download": "Download my results",
        "download_name": "my-place-in-ai.txt",
        "skipped_files": "{count} corpus file(s) could not be read and were left out",
        "footer": (
            "A tool to widen what you already do, not to start again from zero. Suggestions are leads, not verdicts."
        ),
        # views, staleness, explore
        "view_find": "My results",
        "view_explore": "All roles",
        "view_label": "View",
        "stale": (
            "You have edited your text: these results are for "
            "the previous version. Press “Find my place” to update them."
        ),
        "held_count": "You already have {held} of the {total} skills this role uses.",
        "held_title": "What your text already shows",
        "open_role": "Open the role",
        "map_sentence": "Closest to you on the map: {near}; further: {far}.",
        "map_sentence_near": "Closest to you on the map: {near}.",
        "map_shape_note": "Each family has its own shape and colour; the numbers refer to the list below.",
        "catalogue_header": "All AI roles",
        "catalogue_intro": "{count} roles, grouped by family. Pick one to read its sheet, or compare two or three.",
        "catalogue_levels": "Technical level",
        "catalogue_efforts": "Transition time",
        "catalogue_none": "No role matches these filters.",
        "catalogue_count": "{count} role(s)",
        "role_sheet": "Role sheet",
        "role_sheet_close": "Close the sheet",
        "compare_label": "Compare two or three roles",
        "compare_placeholder": "Choose roles",
        "compare_header": "Side by side",
        "compare_level": "Technical level",
        "compare_effort": "Transition",
        "compare_have": "Skills you have",
        "compare_uses": "Skills it uses",
        "compare_learn": "To learn",
        "compare_steps": "First steps",
        "compare_hint": "Choose at least two roles.",
        "download_text": "Download my results (text)",
        "download_print": "Download my results (printable page)",
        "download_print_name": "my-place-in-ai.html",
        "download_intro": "We keep your results nowhere: download them to keep them.",
        "md_settings": "Settings used",
        "md_no_settings": "No filter and no preference.",
        "md_wish": "Wish read from your text: {wish}",
        "md_contact_removed": "(contact details removed)",
        "print_button_hint": "For a PDF, open the page and choose “Print”, then “Save as PDF”.",
        "wishname_no-code": "not coding",
        "wishname_no-management": "not managing people",
        "wishname_own-field": "staying in your field",
        "wishname_rights": "law and ethics",
        "wishname_job-worry": "worry about your job",
        "skip_link": "Skip to the results",
        # markdown export
        "md_title": "My place in AI",
        "md_generated": "Results generated on {date}.",
        "md_your_text": "My background",
        "md_roles": "Suggested roles",
        "md_readings": "Readings",
    },
}

#: Names for the closed sets of values found in the corpus, per language.
LABELS: dict[str, dict[str, dict[str, str]]] = {
    "fr": {
        "family": {
            "technical": "Technique",
            "law-ethics-society": "Droit, éthique et société",
            "adoption-people": "Adoption et accompagnement",
            "creative-communication": "Création et communication",
            "business": "Business et stratégie",
            "applied-domain": "IA appliquée à votre domaine",
        },
        "level": {"no-code": "sans code", "low-code": "un peu de code", "code": "on y code"},
        "effort": {"weeks": "quelques semaines", "months": "quelques mois", "years": "plusieurs années"},
        "field": {
            "background": "un parcours typique",
            "task": "une tâche du métier",
            "skill": "une compétence utile",
            "title": "l'intitulé du métier",
        },
        "kind": {
            "article": "article",
            "course": "cours",
            "book": "livre",
            "video": "vidéo",
            "regulation": "texte réglementaire",
            "guide": "guide",
            "report": "rapport",
            "paper": "article scientifique",
            "podcast": "podcast",
            "tool": "outil",
        },
        "reading_level": {"beginner": "débutant", "intermediate": "intermédiaire", "advanced": "avancé"},
        "language": {"fr": "Français", "en": "English"},
    },
    "en": {
        "family": {
            "technical": "Technical",
            "law-ethics-society": "Law, ethics and society",
            "adoption-people": "Adoption and people",
            "creative-communication": "Creative and communication",
            "business": "Business and strategy",
            "applied-domain": "AI in your own field",
        },
        "level": {"no-code": "no code", "low-code": "a little code", "code": "writes code"},
        "effort": {"weeks": "a few weeks", "months": "a few months", "years": "several years"},
        "field": {
            "background": "a typical background",
            "task": "a task of the role",
            "skill": "a useful skill",
            "title": "the job title",
        },
        "kind": {
            "article": "article",
            "course": "course",
            "book": "book",
            "video": "video",
            "regulation": "regulation",
            "guide": "guide",
            "report": "report",
            "paper": "research paper",
            "podcast": "podcast",
            "tool": "tool",
        },
        "reading_level": {"beginner": "beginner", "intermediate": "intermediate", "advanced": "advanced"},
        "language": {"fr": "Français", "en": "English"},
    },
}


def t(lang: str, key: str, **fields: object) -> str:
    """The interface text `key` in `lang`, with its `{fields}` filled in."""
    text = STRINGS[lang if lang in STRINGS else "en"][key]
    return text.format(**fields) if fields else text


def label(lang: str, group: str, value: str) -> str:
    """The display name of a corpus value (family, level, kind...); the raw value when unknown."""
    names = LABELS[lang if lang in LABELS else "en"].get(group, {})
    return names.get(value, value)


#: Typographic quotation marks per language: French guillemets with no-break spaces, English curly quotes.
_QUOTES = {"fr": ("«\u00a0", "\u00a0»"), "en": ("“", "”")}


def quote(lang: str, text: str) -> str:
    """`text` between the quotation marks of `lang`."""
    opening, closing = _QUOTES.get(lang, _QUOTES["en"])
    return f"{opening}{text}{closing}"
