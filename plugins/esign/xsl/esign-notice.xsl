<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../layout.xsl"/>
  <!-- A plain page that says why nothing can be done here. -->
  <xsl:template match="content" mode="page">
    <h1><xsl:value-of select="notice/title"/></h1>
    <p><xsl:value-of select="notice/text"/></p>
  </xsl:template>
</xsl:stylesheet>
