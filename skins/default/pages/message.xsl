<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../layout.xsl"/>
  <!-- A notice: content/message with its title. -->
  <xsl:template match="content" mode="page">
    <section class="narrow">
      <h1><xsl:value-of select="message/@title"/></h1>
      <p><xsl:value-of select="message"/></p>
      <p><a href="{$base}/">Continue</a></p>
    </section>
  </xsl:template>
</xsl:stylesheet>
