<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../layout.xsl"/>
  <!-- The new private feed link, shown once. -->
  <xsl:template match="content" mode="page">
    <section class="narrow">
      <h1>Your calendar feed</h1>
      <p>Add this address to your calendar app as a subscription. Keep it private: anyone with it sees your meetings. It is shown only now.</p>
      <p><label for="feed-url">Feed address</label><input id="feed-url" type="text" readonly="readonly" value="{feed/@url}" class="wide"/></p>
      <p><a href="{$base}/meetings">Back to meetings</a></p>
    </section>
  </xsl:template>
</xsl:stylesheet>
