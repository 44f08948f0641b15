"""Word lists the engine relies on, written from general English usage.

Verbs are listed by lemma.  The groups matter because they behave differently
in the parse: speech verbs report a clause or a quotation, belief verbs report
a clause that is attributed with less certainty, and "intent" verbs report an
infinitive (``vowed to fight``).
"""

from __future__ import annotations


def _words(block: str) -> frozenset[str]:
    return frozenset(block.split())


#: Verbs of saying and writing: their clause or an adjacent quotation is reported speech.
SPEECH_VERBS = _words(
    """
    say tell state add note explain claim argue insist warn declare announce report write
    tweet post reply respond answer ask acknowledge admit concede confirm deny suggest propose
    recommend predict promise pledge vow threaten assert maintain contend allege accuse charge
    complain lament boast brag joke quip remark comment observe mention emphasize emphasise
    stress underline underscore highlight reiterate repeat recall recount describe reveal disclose
    indicate signal hint imply estimate calculate forecast conclude counter retort rebut dispute
    challenge question criticize criticise condemn denounce slam blast praise applaud welcome hail
    urge demand request plead beg appeal advise caution remind assure reassure inform notify
    testify swear certify attest affirm aver profess proclaim pronounce publish cite quote
    paraphrase summarize summarise elaborate clarify specify detail outline reckon speculate
    theorize posit reason surmise shout yell scream cry exclaim whisper murmur mutter sigh groan chant
    laugh chuckle snap bark growl fume gush enthuse rave marvel muse concur agree disagree object
    protest complain recommend advocate acknowledge confide divulge relate narrate recite read
    preach lecture instruct order direct command decree rule find determine conclude estimate
    project show demonstrate prove document suggest indicate reveal establish verify corroborate
    contradict refute reject dismiss deny downplay scoff mock ridicule tout trumpet
    champion defend justify rationalize blame fault credit thank congratulate apologize apologise
    concede guarantee vouch insinuate intimate imply telegraph
    announce broadcast tweet retweet text email e-mail message blog pen sign publish
    interject interrupt add conclude
    stipulate contend aver opine editorialize editorialise theorise hypothesize hypothesise
    predict foresee prophesy caution alert alarm brief update assess evaluate judge rate
    label term dub brand call characterize characterise portray depict frame cast
    """
)

#: Verbs of believing and knowing: PolNeAR-style attributions of stance, weaker than speech.
BELIEF_VERBS = _words(
    """
    believe think feel consider reckon expect hope fear worry doubt wonder know understand
    realize realise assume suppose guess suspect figure imagine presume trust sense recognize
    recognise accept view regard deem anticipate foresee envision envisage dream bet
    """
)

#: Verbs that introduce a quotation but never report a clause ("She continued: ...").
QUOTE_ONLY_VERBS = _words("continue begin start finish conclude go")

#: Verbs that report an intention through an infinitive ("vowed to fight").
INTENT_VERBS = _words(
    """
    want plan promise pledge vow threaten refuse decline agree intend offer propose hope expect
    aim seek vow swear undertake commit resolve urge call encourage ask demand
    """
)

#: Objects of "deny" that are refused, not contradicted ("denied the request").
GRANTABLE_NOUNS = _words(
    "request application entry access bail permission permit appeal motion visa licence license service care benefit"
)

#: Verbs that name something when used as a participle modifier ("an app called
#: 'Loop'", "a show billed as ..."): a label, not anyone's words.
NAMING_VERBS = _words("call dub name title entitle label bill know term brand nickname style")

#: Verbs that are cues only with one of these particles ("pointed out", "went on").
PARTICLE_CUES: dict[str, frozenset[str]] = {
    "point": frozenset({"out"}),
    "go": frozenset({"on"}),
    "sum": frozenset({"up"}),
    "spell": frozenset({"out"}),
    "lay": frozenset({"out"}),
    "hit": frozenset({"back"}),
    "fire": frozenset({"back"}),
    "shoot": frozenset({"back"}),
    "chime": frozenset({"in"}),
    "weigh": frozenset({"in"}),
    "speak": frozenset({"out", "up"}),
    "lash": frozenset({"out"}),
    "rule": frozenset({"out"}),
    "open": frozenset({"up"}),
    "bring": frozenset({"up"}),
    "push": frozenset({"back"}),
    "cry": frozenset({"out"}),
    "write": frozenset({"back", "in"}),
    "set": frozenset({"out"}),
    "put": frozenset({"forward"}),
}

#: Light verbs that form a cue with a following object ("made it clear", "made the case").
LIGHT_VERB_CUES: dict[str, frozenset[str]] = {
    "make": frozenset(
        {
            "clear",
            "plain",
            "case",
            "point",
            "claim",
            "argument",
            "assertion",
            "statement",
            "remark",
            "comment",
            "observation",
            "announcement",
            "prediction",
            "promise",
            "pledge",
        }
    ),
    "give": frozenset({"assurance", "assurances", "warning", "indication", "statement", "interview"}),
    "issue": frozenset({"statement", "warning", "release", "apology", "denial"}),
    "express": frozenset(
        {"concern", "hope", "confidence", "doubt", "doubts", "regret", "support", "optimism", "frustration", "belief"}
    ),
    "voice": frozenset({"concern", "concerns", "support", "doubt", "doubts", "opposition", "frustration"}),
    "raise": frozenset({"concern", "concerns", "question", "questions", "doubt", "doubts", "alarm"}),
    "take": frozenset({"issue", "view", "position", "stance"}),
    "have": frozenset({"say"}),
}

#: Nouns heading "in the X of Y" / "in Y's X" attributions.
OPINION_NOUNS = _words(
    "opinion view words estimation judgment judgement assessment eyes mind belief telling account analysis estimate"
)

#: Prepositional cues whose object is the source: "according to X", "per X".
SOURCE_PREPOSITIONS = {("according", "to"), ("as", "per")}

#: Reported-speech nouns whose "that" clause is content ("the claim that ...").
SPEECH_NOUNS = _words(
    """
    claim statement assertion argument warning promise pledge vow suggestion allegation
    accusation insistence admission acknowledgment acknowledgement announcement prediction
    belief view contention charge notion remark comment testimony
    """
)

#: Heads of descriptions that can stand for a person ("the Dutch politician").
PERSON_NOUNS = _words(
    """
    politician president minister secretary spokesperson spokesman spokeswoman official leader
    chief senator governor mayor candidate nominee lawmaker legislator diplomat ambassador general
    chancellor premier director chair chairman chairwoman chairperson ceo executive founder head
    commissioner lawyer attorney professor expert analyst economist researcher scientist doctor
    physician author writer activist owner manager coach player star actor actress singer host
    man woman father mother son daughter wife husband brother sister boy girl friend colleague
    king queen prince princess pope cardinal bishop priest pastor rabbi imam judge justice
    prosecutor detective officer sergeant captain lieutenant colonel major commander admiral
    spokesperson representative congressman congresswoman congressperson mp mla mpp councillor
    councilor councilman councilwoman deputy aide adviser advisor strategist pollster consultant
    chancellor provost dean principal teacher student nurse surgeon psychologist historian
    journalist reporter editor columnist commentator critic billionaire businessman businesswoman
    entrepreneur investor banker trader farmer worker resident neighbour neighbor witness victim
    survivor veteran mother-in-law incumbent challenger frontrunner front-runner democrat republican
    conservative liberal socialist progressive nationalist politico statesman stateswoman
    magnate mogul tycoon president-elect vice-president premier-designate negotiator envoy
    """
)

#: Heads of descriptions news prose uses for sources it does not name ("a senior
#: official", "a person familiar with the talks"): never resolved to a named person.
ANONYMOUS_HEADS = _words("official source person insider aide staffer")

#: Personal pronouns by person they may stand for (subject and object forms).
MALE_PRONOUNS = _words("he him himself his")
FEMALE_PRONOUNS = _words("she her herself hers")
PLURAL_PRONOUNS = _words("they them themselves we us")
PERSON_PRONOUNS = MALE_PRONOUNS | FEMALE_PRONOUNS | _words("i me")
RELATIVE_PRONOUNS = _words("who whom which that")
#: Words a parser may tag as pronouns; anything else tagged so ("Brind'Amour") is a name.
PRONOUN_WORDS = (
    PERSON_PRONOUNS
    | PLURAL_PRONOUNS
    | RELATIVE_PRONOUNS
    | _words(
        """
        it its itself you your yourself one this these those someone somebody anyone anybody everyone
        everybody nobody none no-one all both each either neither many most some few several others another
        other what whoever whatever something anything nothing everything my mine our ours their theirs
        """
    )
)

#: Words dropped when a name is compared or made canonical.
TITLES = _words(
    """
    mr mrs ms miss mx dr prof professor president sen senator rep representative gov governor
    councillor councilor alderman mp mla mpp coach det detective officer sgt sergeant pastor
    gen general lt col sgt capt cmdr adm secretary minister premier chancellor mayor judge
    justice sir dame lord lady rev reverend father sister brother st saint pres vp ceo chief
    former late then-president prime
    """
)
MALE_TITLES = _words("mr sir lord king prince father brother")
FEMALE_TITLES = _words("mrs ms miss dame lady queen princess sister")

#: Country or region names and the adjectives and short forms that denote them.
DEMONYMS: dict[str, frozenset[str]] = {
    "american": frozenset({"us", "u.s.", "usa", "united states", "america", "washington"}),
    "british": frozenset({"uk", "u.k.", "britain", "united kingdom", "england", "london"}),
    "english": frozenset({"england"}),
    "dutch": frozenset({"netherlands", "holland", "the hague"}),
    "german": frozenset({"germany", "berlin"}),
    "french": frozenset({"france", "paris"}),
    "canadian": frozenset({"canada", "ottawa"}),
    "chinese": frozenset({"china", "beijing"}),
    "russian": frozenset({"russia", "moscow", "kremlin"}),
    "ukrainian": frozenset({"ukraine", "kyiv", "kiev"}),
    "italian": frozenset({"italy", "rome"}),
    "spanish": frozenset({"spain", "madrid"}),
    "mexican": frozenset({"mexico"}),
    "japanese": frozenset({"japan", "tokyo"}),
    "korean": frozenset({"korea", "seoul", "pyongyang"}),
    "indian": frozenset({"india", "delhi"}),
    "israeli": frozenset({"israel"}),
    "palestinian": frozenset({"palestine", "gaza"}),
    "iranian": frozenset({"iran", "tehran"}),
    "turkish": frozenset({"turkey", "ankara"}),
    "polish": frozenset({"poland", "warsaw"}),
    "swedish": frozenset({"sweden"}),
    "norwegian": frozenset({"norway"}),
    "danish": frozenset({"denmark"}),
    "finnish": frozenset({"finland"}),
    "belgian": frozenset({"belgium", "brussels"}),
    "australian": frozenset({"australia"}),
    "brazilian": frozenset({"brazil"}),
    "european": frozenset({"europe", "eu", "brussels"}),
    "nato": frozenset({"nato"}),
    "saudi": frozenset({"saudi arabia", "riyadh"}),
    "egyptian": frozenset({"egypt", "cairo"}),
    "syrian": frozenset({"syria", "damascus"}),
    "irish": frozenset({"ireland", "dublin"}),
    "scottish": frozenset({"scotland"}),
    "quebec": frozenset({"quebec"}),
    "ontario": frozenset({"ontario"}),
}

#: Heads of descriptions that stand for an organisation ("the company said").
ORG_NOUNS = _words(
    """
    company firm agency utility group government ministry department union organization
    organisation association board council city province state administration campaign committee
    party team network newspaper paper club league police court bank corporation business
    institute university college school hospital authority commission office service military
    army navy ministry embassy regulator watchdog coalition alliance federation foundation charity
    municipality county district town village band studio publisher label broadcaster channel
    station website retailer airline manufacturer carrier operator developer startup insurer
    """
)

#: Common given names by usual gender, to pick "he" or "she" antecedents.  Only a
#: hint: the resolver never rejects a person whose gender it does not know.
MALE_NAMES = _words(
    """
    aaron adam adrian ahmed alan albert alex alexander ali andre andrew andy angelo anthony antonio
    arthur ben benjamin bernie bill billy bob bobby brad bradley brandon brian bruce bryan carl carlos
    charles charlie chris christian christopher chuck colin craig dan daniel danny darren dave david
    dean dennis derek dmitry don donald doug douglas dylan ed eddie edward emmanuel eric erik
    ernest evan francis frank fred gary gavin george gerald glenn gordon graham greg gregory harold
    harry henry howard hugh ian isaac jack jacob jake james jamie jared jason javier jeff jeffrey
    jeremy jerry jesse jim jimmy joe joel john johnny jon jonathan jordan jorge jose joseph josh
    joshua juan justin keith ken kenneth kevin kim kyle larry lawrence lee leonard liam louis lucas
    luis luke marco marcus mario mark martin matt matthew max michael miguel mike mitch mitt
    mohammed muhammad mohammad mohamed ahmad hassan hussein ibrahim khalid yusuf nathan neil nicholas nick nigel noah norman oliver omar oscar patrick paul
    pedro peter phil philip pierre ralph randy ray raymond richard rick rob robert rodrigo roger
    ron ronald ross roy russell ryan sam samuel scott sean sergei sergey seth shane simon stephen
    steve steven stuart ted terry thomas tim timothy todd tom tommy tony travis trevor troy tyler
    victor vincent vladimir walter wayne will william xi yves zach justin jagmeet andrew doug
    volodymyr boris olaf rishi
    """
)
FEMALE_NAMES = _words(
    """
    abigail alexandra alice alicia alison allison amanda amber amy andrea angela ann anna anne
    annie ashley audrey barbara betty beverly brenda brittany caitlin carmen carol caroline carolyn
    catherine charlotte chelsea cheryl chloe christina christine cindy claire claudia
    colleen courtney crystal cynthia dana danielle debbie deborah debra denise diana diane donna
    doris dorothy elaine eleanor elizabeth ella ellen emily emma erica erin eva evelyn fiona frances
    gabrielle gail gillian gina grace hailey hannah heather helen hillary holly ingrid irene isabel
    jacqueline jane janet janice jean jennifer jenny jessica jill joan joanne jodi jody joy joyce
    judith judy julia julie karen kate katherine kathleen kathryn kathy katie kelly kimberly kristen
    kristin laura lauren leah lily linda lisa liz lori louise lucy lynn madeline maria marie marilyn
    martha mary megan melanie melissa michelle monica nancy natalie nicole nina olivia pamela patricia
    paula penny rachel rebecca rita roberta rose ruth sally samantha sandra sara sarah sharon sheila
    shirley sophia sophie stephanie susan suzanne tammy tara teresa theresa tiffany tina tracy ursula
    valerie vanessa victoria virginia wendy whitney yvonne zoe stella kamala nikki ilhan alexandria
    elizabeth melania ivanka huma kellyanne hope sarah jacinda angela theresa marine giorgia
    """
)

#: Verbs of evidence ("the poll shows"): a cue only when a person, organisation or
#: document is their subject, never an event ("the attack showed").
EVIDENCE_VERBS = _words("show prove demonstrate indicate suggest find reveal confirm establish document signal")

#: Documents and studies that can be a source ("a new poll shows", "the report found").
SOURCE_NOUNS = _words(
    """
    poll survey study report analysis research data figure figures document documents record
    records transcript statement memo letter email e-mail filing lawsuit complaint ruling
    decision review audit investigation inquiry estimate estimates projection forecast census
    paper article book column editorial release tweet post video footage recording interview
    slide chart graph map photo image picture website site page ad advertisement commercial
    """
)

#: Abstract nouns that speak only figuratively ("conventional wisdom says", "the
#: needs of the theatre argue"): never the source of a report.
NON_SOURCE_NOUNS = _words(
    """
    thing belief need fear attention wisdom notion idea logic feeling sense instinct gut heart
    rumour rumor legend myth lore saying adage proverb
    """
)

#: Cues whose direct object is what they report ("cited the figures", "called for a ban").
OBJECT_CUES = _words(
    """
    call cite accuse criticize criticise attack blast slam praise laud condemn denounce describe
    mention discuss support oppose propose demand urge announce reveal deny acknowledge predict
    promise recommend endorse reject question dispute defend blame applaud welcome hail
    tout unveil outline detail decry lament mock ridicule label dub brand
    """
)

#: Words that scraped text glues to the name before them ("Blinkenafter", "Leesaid").
#: Only these are cut off a known surname: a name that merely starts with one
#: ("Johnson" after "Johns", "Kimball" after "Kim") ends in a name suffix, not a word.
GLUE_FOLLOWERS = _words(
    """
    said says told added asked wrote noted after and who was were has had also
    when while with from for but the that this during before since
    """
)

#: Words of the labels news pages put before a colon ("READ MORE:", "WATCH:").
LABEL_WORDS = _words(
    """
    read more watch update updated video videos photo photos gallery listen see also click related
    breaking exclusive opinion analysis note editor editors correction clarification live
    advertisement sponsored share follow subscribe tags topics story continues below
    """
)
