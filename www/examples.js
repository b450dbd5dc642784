// Example posts for the Try it box: one risky and one fine post per language.
// The risky ones are invented; the identity code is a valid-looking test value.
export const EXAMPLES = {
  riskyFi: 'Kuulin, että naapurini 131052-308T on ihan idiootti. Mielestäni kaupungin päätös sulkea kirjasto on väärä.',
  riskySv: 'Hörde att rektorn ska sparkas, han är ju en idiot. Wifi-lösenordet är Sommar2024 om någon behöver det.',
  riskyEn: 'I heard that the new head of the day care centre is an idiot. Call me at 040 123 4567 and I will tell you more!!!!!',
  cleanFi: 'Pääkirjasto on auki arkisin klo 10–18. Tervetuloa! #KokkolaKarleby #BredareHorisont',
  cleanSv: 'Stadsfullmäktige sammanträder på måndag kl. 18 i stadshuset. Föredragningslistan finns på stadens webbplats. #KokkolaKarleby #BredareHorisont',
  cleanEn: 'Thank you to all the volunteers who helped at the Midsummer festival in the park! #KokkolaKarleby #BredareHorisont',
};
