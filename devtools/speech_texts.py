"""Texts for the speech evaluation corpus (devtools/speech_corpus.py), spoken by espeak-ng.

Every language has its texts in two lists: `TUNE` (texts the reliability rules may be tuned on) and
`HELD` (texts that are only ever measured). A few languages appear only in `HELD`, so the held-out
half also asks whether the rules generalise to languages nobody looked at. The English texts carry
no digits or abbreviations, so a word error rate needs no number normalisation. Lengths vary from
one short sentence to a paragraph: short clips are the hard case for telling languages apart.
"""

from __future__ import annotations

ENGLISH_TUNE = [
    "Welcome to the quarterly planning meeting.",
    "Today we discuss the budget for the new warehouse, the hiring plan, and the marketing "
    "campaign for next spring. Please send your questions by Friday.",
    "The train to the airport leaves from the second platform. Passengers with large suitcases "
    "should use the lift at the end of the hall.",
    "Our team finished the migration last week. Most services moved without trouble, but the "
    "billing system needed an extra day of testing before we could switch it over.",
    "Water the plants on the balcony every morning, and close the windows when it rains.",
    "If you open the settings page, you will find a new option to export your notes as a plain "
    "text file. It works on every device and keeps the original dates.",
    "The library opens early on weekdays and stays closed on public holidays.",
    "We measured the temperature of the river at several places along the valley. The water was "
    "warmer near the town, where the factory releases its cooling water, and much colder in the "
    "mountains.",
    "Thank you all for coming. Let us start with a short overview of the project.",
    "The recipe asks for flour, butter, sugar and a pinch of salt. Mix everything slowly and let "
    "the dough rest in a cool place for an hour.",
    "A reliable backup is one you have restored at least once.",
    "The committee reviewed every proposal carefully and decided to fund the three projects that "
    "help young families find affordable housing near their work.",
]

ENGLISH_HELD = [
    "Please remember to lock the door when you leave the office tonight.",
    "The museum has moved its collection of old maps to the east wing. Visitors can now see how "
    "sailors pictured the coast long before anyone drew it from the air.",
    "Our customers asked for a simpler checkout, so we removed two steps and the form now fits on "
    "one screen.",
    "Heavy snow is expected over the hills tonight. Drivers should carry warm clothes and check "
    "the roads before they set out.",
    "The orchestra rehearsed the second movement until the strings and the brass finally played "
    "together. The concert on Sunday is already sold out.",
    "Good morning, and welcome back to the show.",
    "The new bridge will carry cyclists and walkers across the river, and it should open before "
    "the summer.",
    "When the server runs out of memory, it writes a short report and restarts the worker that "
    "used the most. Nobody has to wake up at night to fix it.",
    "She planted tomatoes, beans and herbs in the small garden behind the house.",
    "The report shows that sales grew in every region except the north, where a long strike "
    "closed two of our stores for most of the autumn.",
    "Keep your answers short and tell us what you would change first.",
    "Farmers in the valley started harvesting the grapes early this year because the summer was "
    "unusually dry and warm. The wine makers expect a small but excellent vintage.",
]

# language code (as the Whisper tokenizer names it) -> texts
OTHER_TUNE: dict[str, list[str]] = {
    "fr": [
        "Bonjour à tous, et bienvenue à la réunion de planification du trimestre.",
        "Nous allons parler du budget du nouvel entrepôt, du plan de recrutement et de la "
        "campagne de publicité du printemps prochain. Envoyez vos questions avant vendredi.",
        "Le train pour l'aéroport part du deuxième quai. Les voyageurs avec de grosses valises "
        "doivent prendre l'ascenseur au bout du couloir.",
    ],
    "de": [
        "Guten Morgen und herzlich willkommen zur Planungssitzung für das nächste Quartal.",
        "Heute sprechen wir über das Budget für das neue Lager, den Einstellungsplan und die "
        "Werbekampagne im Frühling. Bitte schicken Sie Ihre Fragen bis Freitag.",
        "Der Zug zum Flughafen fährt vom zweiten Bahnsteig ab. Reisende mit großem Gepäck "
        "benutzen bitte den Aufzug am Ende der Halle.",
    ],
    "es": [
        "Buenos días a todos y bienvenidos a la reunión de planificación del trimestre.",
        "Hoy hablaremos del presupuesto del nuevo almacén, del plan de contratación y de la "
        "campaña de publicidad de la próxima primavera. Envíen sus preguntas antes del viernes.",
        "El tren al aeropuerto sale del segundo andén. Los pasajeros con maletas grandes deben "
        "usar el ascensor al final del pasillo.",
    ],
    "it": [
        "Buongiorno a tutti e benvenuti alla riunione di pianificazione del trimestre.",
        "Oggi parliamo del bilancio del nuovo magazzino, del piano di assunzioni e della campagna "
        "pubblicitaria della prossima primavera. Mandate le vostre domande entro venerdì.",
        "Il treno per l'aeroporto parte dal secondo binario. I passeggeri con valigie grandi "
        "devono usare l'ascensore in fondo al corridoio.",
    ],
    "pt": [
        "Bom dia a todos e bem-vindos à reunião de planeamento do trimestre.",
        "Hoje vamos falar do orçamento do novo armazém, do plano de contratações e da campanha "
        "de publicidade da próxima primavera. Enviem as vossas perguntas até sexta-feira.",
        "O comboio para o aeroporto parte da segunda plataforma. Os passageiros com malas "
        "grandes devem usar o elevador no fim do corredor.",
    ],
    "nl": [
        "Goedemorgen allemaal en welkom bij het planningsoverleg voor het volgende kwartaal.",
        "Vandaag bespreken we het budget voor het nieuwe magazijn, het wervingsplan en de "
        "reclamecampagne voor de lente. Stuur uw vragen voor vrijdag.",
        "De trein naar het vliegveld vertrekt van het tweede perron. Reizigers met grote koffers "
        "nemen de lift aan het einde van de hal.",
    ],
    "pl": [
        "Dzień dobry wszystkim i witamy na spotkaniu planistycznym na kolejny kwartał.",
        "Dzisiaj omówimy budżet nowego magazynu, plan zatrudnienia i kampanię reklamową na "
        "wiosnę. Proszę przesyłać pytania do piątku.",
        "Pociąg na lotnisko odjeżdża z drugiego peronu. Podróżni z dużymi walizkami powinni "
        "skorzystać z windy na końcu hali.",
    ],
    "ru": [
        "Доброе утро всем и добро пожаловать на совещание по планированию следующего квартала.",
        "Сегодня мы обсудим бюджет нового склада, план найма и рекламную кампанию на весну. "
        "Пожалуйста, присылайте вопросы до пятницы.",
        "Поезд в аэропорт отправляется со второй платформы. Пассажирам с большими чемоданами "
        "лучше воспользоваться лифтом в конце зала.",
    ],
}

OTHER_HELD: dict[str, list[str]] = {
    "fr": [
        "Arrosez les plantes du balcon chaque matin et fermez les fenêtres quand il pleut.",
        "Notre équipe a terminé la migration la semaine dernière. La plupart des services ont "
        "changé sans problème, mais la facturation a demandé une journée de tests de plus.",
        "Merci d'être venus si nombreux ce soir.",
    ],
    "de": [
        "Gießen Sie die Pflanzen auf dem Balkon jeden Morgen und schließen Sie die Fenster, "
        "wenn es regnet.",
        "Unser Team hat die Umstellung letzte Woche abgeschlossen. Die meisten Dienste liefen "
        "sofort, nur die Abrechnung brauchte noch einen Tag für Tests.",
        "Vielen Dank, dass Sie heute Abend gekommen sind.",
    ],
    "es": [
        "Riega las plantas del balcón cada mañana y cierra las ventanas cuando llueva.",
        "Nuestro equipo terminó la migración la semana pasada. Casi todos los servicios "
        "cambiaron sin problemas, pero la facturación necesitó un día más de pruebas.",
        "Gracias por venir esta noche.",
    ],
    "it": [
        "Innaffia le piante sul balcone ogni mattina e chiudi le finestre quando piove.",
        "La nostra squadra ha finito la migrazione la settimana scorsa. Quasi tutti i servizi "
        "sono passati senza problemi, ma la fatturazione ha richiesto un giorno in più di prove.",
        "Grazie a tutti per essere venuti stasera.",
    ],
    "pt": [
        "Regue as plantas da varanda todas as manhãs e feche as janelas quando chover.",
        "A nossa equipa terminou a migração na semana passada. Quase todos os serviços mudaram "
        "sem problemas, mas a faturação precisou de mais um dia de testes.",
        "Obrigado a todos por terem vindo esta noite.",
    ],
    "nl": [
        "Geef de planten op het balkon elke ochtend water en doe de ramen dicht als het regent.",
        "Ons team heeft de migratie vorige week afgerond. De meeste diensten gingen zonder "
        "problemen over, maar de facturatie had nog een extra testdag nodig.",
        "Bedankt dat jullie vanavond allemaal gekomen zijn.",
    ],
    "pl": [
        "Podlewaj rośliny na balkonie każdego ranka i zamykaj okna, kiedy pada deszcz.",
        "Nasz zespół zakończył migrację w zeszłym tygodniu. Większość usług przeszła bez "
        "problemów, ale rozliczenia wymagały jeszcze jednego dnia testów.",
        "Dziękuję wszystkim za przybycie.",
    ],
    "ru": [
        "Поливайте растения на балконе каждое утро и закрывайте окна, когда идёт дождь.",
        "Наша команда закончила переезд на прошлой неделе. Почти все сервисы перешли без "
        "проблем, но биллингу понадобился ещё один день тестов.",
        "Спасибо, что пришли сегодня вечером.",
    ],
    # Only in the held-out half: languages the rules were never tuned on.
    "sv": [
        "God morgon och välkomna till planeringsmötet för nästa kvartal.",
        "Tåget till flygplatsen går från det andra spåret. Resenärer med stora väskor bör ta "
        "hissen i slutet av hallen.",
        "Tack för att ni kom hit i kväll.",
    ],
    "cs": [
        "Dobré ráno a vítejte na plánovací schůzce na příští čtvrtletí.",
        "Vlak na letiště odjíždí z druhého nástupiště. Cestující s velkými kufry by měli použít "
        "výtah na konci haly.",
        "Děkuji, že jste dnes večer přišli.",
    ],
    "tr": [
        "Günaydın, gelecek çeyreğin planlama toplantısına hoş geldiniz.",
        "Havalimanı treni ikinci perondan kalkıyor. Büyük bavulu olan yolcular salonun sonundaki "
        "asansörü kullanmalı.",
        "Bu akşam geldiğiniz için teşekkür ederim.",
    ],
}


# Added to the tuning half after the first held-out measurements (docs/ACCURACY.md, History):
# languages close to English, and short phrases, where an English-only decoder is most often
# sure of itself. The held-out half is unchanged.
ENGLISH_TUNE_SHORT = [
    "Thank you very much.",
    "See you next week.",
    "Let us take a short break.",
    "That is all for today.",
]

OTHER_TUNE_CLOSE: dict[str, list[str]] = {
    "af": [
        "Goeie more almal, en welkom by die beplanningsvergadering.",
        "Die trein na die lughawe vertrek van die tweede platform af.",
        "Baie dankie dat julle vanaand gekom het.",
    ],
    "da": [
        "Godmorgen alle sammen, og velkommen til planlægningsmødet.",
        "Toget til lufthavnen kører fra det andet spor.",
        "Tak fordi I kom i aften.",
    ],
    "nb": [
        "God morgen alle sammen, og velkommen til planleggingsmøtet.",
        "Toget til flyplassen går fra det andre sporet.",
        "Takk for at dere kom i kveld.",
    ],
    "de": ["Vielen Dank.", "Bis nächste Woche."],
    "nl": ["Hartelijk bedankt.", "Tot volgende week."],
}
