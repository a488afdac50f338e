<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../layout.xsl"/>
  <xsl:import href="../../default/pages/hub-sections.xsl"/>
  <!-- Every request: pending ones first, oldest first. -->
  <xsl:template match="content" mode="page">
    <h1>Approvals</h1>
    <p><a href="/staff/approvals/new">Ask for approval</a></p>
    <form method="get" action="/staff/approvals" class="inline filter">
      <label for="f-client">Client</label>
      <select id="f-client" name="client">
        <option value="">All clients</option>
        <xsl:for-each select="clients/client">
          <option value="{id}"><xsl:if test="id = /atrium/content/approvals/@client"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="name"/></option>
        </xsl:for-each>
      </select>
      <button type="submit">Show</button>
    </form>
    <xsl:choose>
      <xsl:when test="approvals/approval">
        <xsl:for-each select="approvals"><xsl:call-template name="hs-approval-table"/></xsl:for-each>
      </xsl:when>
      <xsl:otherwise><p class="empty">No approvals asked for.</p></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
